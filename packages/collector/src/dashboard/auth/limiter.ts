/**
 * Slows down repeated login failures per client: the first few are free, then each further
 * attempt must wait twice as long as the last (capped). While a client waits, its attempts are
 * refused without the secret being checked at all. A client is forgotten only after a long quiet
 * time (a day by default), not when the capped wait has passed: otherwise a patient guesser gets
 * a fresh set of free attempts every time it waits out the cap. In memory and bounded: the oldest
 * clients are forgotten first when the table is full.
 */
export interface FailureLimiter {
  /** Milliseconds the client must still wait; 0 when it may try now. */
  waitMs(client: string, now: number): number;
  fail(client: string, now: number): void;
  succeed(client: string): void;
}

export interface LimiterOptions {
  freeAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Quiet time after which a client's failures are forgotten (default 24 hours). */
  forgetMs?: number;
  maxClients?: number;
}

const DAY = 24 * 3_600_000;

export function failureLimiter(options: LimiterOptions = {}): FailureLimiter {
  const free = options.freeAttempts ?? 3;
  const base = options.baseDelayMs ?? 1000;
  const max = options.maxDelayMs ?? 15 * 60_000;
  const forget = Math.max(options.forgetMs ?? DAY, max);
  const maxClients = options.maxClients ?? 10_000;
  const clients = new Map<string, { failures: number; lastFailure: number }>();
  const delayAfter = (failures: number) =>
    failures < free ? 0 : Math.min(max, base * 2 ** Math.min(failures - free, 30));
  return {
    waitMs(client, now) {
      const entry = clients.get(client);
      if (!entry) return 0;
      if (now - entry.lastFailure >= forget) {
        clients.delete(client);
        return 0;
      }
      return Math.max(0, entry.lastFailure + delayAfter(entry.failures) - now);
    },
    fail(client, now) {
      const entry = clients.get(client) ?? { failures: 0, lastFailure: now };
      clients.delete(client);
      if (clients.size >= maxClients) {
        const oldest = clients.keys().next().value;
        if (oldest !== undefined) clients.delete(oldest);
      }
      clients.set(client, { failures: entry.failures + 1, lastFailure: now });
    },
    succeed(client) {
      clients.delete(client);
    },
  };
}

/**
 * The login's limiter: per client, and a looser one over all clients together, so many clients
 * (or a spoofed client key behind a proxy) still meet a wall after 20 failures. Both remember
 * failures for a day, so once the waits reach their 15-minute cap a guesser gets about 4 tries an
 * hour, however patient. A successful login clears both.
 */
export function loginLimiter(): FailureLimiter {
  const perClient = failureLimiter();
  const everyone = failureLimiter({ freeAttempts: 20 });
  const ALL = '*';
  return {
    waitMs: (client, now) => Math.max(perClient.waitMs(client, now), everyone.waitMs(ALL, now)),
    fail(client, now) {
      perClient.fail(client, now);
      everyone.fail(ALL, now);
    },
    succeed(client) {
      perClient.succeed(client);
      everyone.succeed(ALL);
    },
  };
}
