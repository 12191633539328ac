import { describe, expect, it } from 'vitest';
import { failureLimiter, loginLimiter, type FailureLimiter } from './limiter.js';

const MINUTE = 60_000;

describe('failureLimiter', () => {
  it('lets the first failures through, then doubles the wait, capped, and forgets on success', () => {
    const limiter = failureLimiter({ freeAttempts: 2, baseDelayMs: 1000, maxDelayMs: 4000 });
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      limiter.fail('a', 0);
      waits.push(limiter.waitMs('a', 0));
    }
    expect(waits).toEqual([0, 1000, 2000, 4000, 4000]);
    expect(limiter.waitMs('b', 0)).toBe(0);
    limiter.succeed('a');
    expect(limiter.waitMs('a', 0)).toBe(0);
  });

  it('keeps the capped wait after it is waited out, and forgets only after the quiet time', () => {
    const limiter = failureLimiter({
      freeAttempts: 1,
      baseDelayMs: 1000,
      maxDelayMs: 4000,
      forgetMs: 60_000,
    });
    for (const t of [0, 0, 0, 0, 0]) limiter.fail('a', t);
    // Waited out the cap: the next failure waits the cap again instead of starting over.
    limiter.fail('a', 4000);
    expect([limiter.waitMs('a', 4000), limiter.waitMs('a', 8000), limiter.waitMs('a', 63_999)]).toEqual([
      4000, 0, 0,
    ]);
    limiter.fail('a', 8000);
    expect(limiter.waitMs('a', 8000)).toBe(4000);
    expect(limiter.waitMs('a', 68_000)).toBe(0);
    limiter.fail('a', 68_000);
    expect(limiter.waitMs('a', 68_000)).toBe(1000); // forgotten: counted from one failure again
  });

  it('forgets the oldest client when the table is full', () => {
    const limiter = failureLimiter({ freeAttempts: 1, baseDelayMs: 1000, maxDelayMs: 4000, maxClients: 2 });
    for (const client of ['x', 'y', 'z']) {
      limiter.fail(client, 0);
      limiter.fail(client, 0);
    }
    expect([limiter.waitMs('x', 0), limiter.waitMs('y', 0), limiter.waitMs('z', 0)]).toEqual([0, 2000, 2000]);
  });
});

/**
 * An attacker with `addresses` client keys who guesses with any of them the moment the limiter
 * lets it, on a fake clock; returns the times (minutes) of the guesses before `untilMs`.
 */
function botnet(limiter: FailureLimiter, addresses: number, untilMs: number): number[] {
  const tries: number[] = [];
  let now = 0;
  while (now < untilMs && tries.length < 100_000) {
    let soonest = Infinity;
    for (let a = 0; a < addresses; a++) {
      const wait = limiter.waitMs(`addr-${a}`, now);
      if (wait === 0) {
        tries.push(now / MINUTE);
        limiter.fail(`addr-${a}`, now);
        soonest = 0;
      } else soonest = Math.min(soonest, wait);
    }
    now += soonest === 0 ? 0 : soonest;
  }
  return tries.filter((t) => t < untilMs / MINUTE);
}

describe('loginLimiter', () => {
  it('never holds back a client with no failure on record, however many failed elsewhere', () => {
    const limiter = loginLimiter();
    for (let i = 0; i < 25; i++) limiter.fail(`spoofed-${i}`, 0);
    // The wall stands for those who failed before; the admin on a new address is checked.
    expect([
      limiter.waitMs('the-admin', 0),
      limiter.waitMs('spoofed-0', 0),
      limiter.waitMs('spoofed-24', 0),
    ]).toEqual([0, 32_000, 32_000]);
    limiter.fail('the-admin', 0);
    expect(limiter.waitMs('the-admin', 0)).toBe(64_000);
    limiter.succeed('the-admin');
    expect(limiter.waitMs('spoofed-0', 0)).toBe(0);
  });

  it('lets one address guess 3 times at once, then doubles its wait up to 15 minutes', () => {
    const tries = botnet(loginLimiter(), 1, 24 * 60 * MINUTE);
    expect(tries.slice(0, 14).map((t) => Math.round(t * 60))).toEqual([
      0, 0, 0, 1, 3, 7, 15, 31, 63, 127, 255, 511, 1023, 1923,
    ]);
    expect(tries).toHaveLength(107);
  });

  it('gives an attacker with 1,000 addresses one checked guess per address and 4 an hour through the wall', () => {
    const tries = botnet(loginLimiter(), 1_000, 24 * 60 * MINUTE);
    const within = (minutes: number) => tries.filter((t) => t < minutes).length;
    // SECURITY.md quotes these figures.
    expect([within(1), within(60), within(24 * 60)]).toEqual([1_000, 1_003, 1_095]);
  });

  it('forgets the wall after a quiet day', () => {
    const limiter = loginLimiter();
    for (let i = 0; i < 25; i++) limiter.fail(`c${i}`, 0);
    expect([limiter.waitMs('c1', 23 * 60 * MINUTE), limiter.waitMs('c1', 24 * 60 * MINUTE)]).toEqual([0, 0]);
    limiter.fail('x', 24 * 60 * MINUTE);
    expect(limiter.waitMs('y', 24 * 60 * MINUTE)).toBe(0);
  });
});
