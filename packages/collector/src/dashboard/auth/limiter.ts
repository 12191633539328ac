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
  /** Failures remembered for the client (0 once forgotten). */
  failures(client: string, now: number): number;
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
    failures(client, now) {
      const entry = clients.get(client);
      return entry && now - entry.lastFailure < forget ? entry.failures : 0;
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

/** Failures in all, from every client, after which the shared wall goes up. */
export const WALL_FREE_ATTEMPTS = 20;

/**
 * The login's limiter. Per client (see `client-key.ts`): a few free failures, then doubling waits,
 * during which that client's attempts are refused without the secret being checked. Over all
 * clients, a wall after `WALL_FREE_ATTEMPTS` failures with the same doubling waits, which holds
 * back only clients that have failed before: a client with no failure on record is always
 * checked, so no number of failures from elsewhere can keep the admin's correct secret out.
 * What an attacker gets is then one checked guess per fresh address (and per /64 in IPv6), plus
 * what trickles through the wall: SECURITY.md works it out, `limiter.test.ts` pins it down.
 * Both remember failures for a day; a successful login clears the client and the wall.
 */
export function loginLimiter(): FailureLimiter {
  const perClient = failureLimiter();
  const everyone = failureLimiter({ freeAttempts: WALL_FREE_ATTEMPTS });
  const ALL = '*';
  return {
    waitMs: (client, now) =>
      Math.max(
        perClient.waitMs(client, now),
        perClient.failures(client, now) > 0 ? everyone.waitMs(ALL, now) : 0,
      ),
    failures: (client, now) => perClient.failures(client, now),
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
