import { describe, expect, it } from 'vitest';
import { failureLimiter, loginLimiter, type FailureLimiter } from './limiter.js';

const MINUTE = 60_000;

/**
 * A guesser that tries the moment it is allowed, with a new client key each time, on a fake clock;
 * returns the times (minutes from the start) of the tries it got before `untilMs`.
 */
function patientGuesser(limiter: FailureLimiter, untilMs: number): number[] {
  const tries: number[] = [];
  let now = 0;
  for (let i = 0; now < untilMs && i < 100_000; i++) {
    const wait = limiter.waitMs(`spoofed-${i}`, now);
    if (wait > 0) {
      now += wait;
      continue;
    }
    tries.push(now / MINUTE);
    limiter.fail(`spoofed-${i}`, now);
  }
  return tries;
}

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

describe('loginLimiter', () => {
  it('stops a guesser who changes client key after 20 failures in all', () => {
    const limiter = loginLimiter();
    const waits: number[] = [];
    for (let i = 0; i < 20; i++) {
      waits.push(limiter.waitMs(`spoofed-${i}`, 0));
      limiter.fail(`spoofed-${i}`, 0);
    }
    expect([waits.every((w) => w === 0), limiter.waitMs('anyone-else', 0)]).toEqual([true, 1000]);
    limiter.succeed('the-marketer');
    expect(limiter.waitMs('anyone-else', 0)).toBe(0);
  });

  it('gives a patient guesser 42 tries in 200 minutes and 124 in a day, not a fresh start every 15 minutes', () => {
    const tries = patientGuesser(loginLimiter(), 24 * 60 * MINUTE);
    const within = (minutes: number) => tries.filter((t) => t < minutes).length;
    // 20 free, 10 more as the wait doubles from 1 s to 512 s (17 minutes in all), then one per 15 minutes.
    // Before, waiting out the 15-minute cap started over: 208 tries in 200 minutes, 1,350 in a day.
    expect([within(200), within(24 * 60)]).toEqual([42, 124]);
    expect(tries.slice(19, 31).map((t) => Math.round(t * 60))).toEqual([
      0, 1, 3, 7, 15, 31, 63, 127, 255, 511, 1023, 1923,
    ]);
  });

  it('forgets the wall after a quiet day', () => {
    const limiter = loginLimiter();
    for (let i = 0; i < 25; i++) limiter.fail(`c${i}`, 0);
    expect([limiter.waitMs('x', 23 * 60 * MINUTE), limiter.waitMs('x', 24 * 60 * MINUTE)]).toEqual([0, 0]);
    limiter.fail('x', 24 * 60 * MINUTE);
    expect(limiter.waitMs('y', 24 * 60 * MINUTE)).toBe(0);
  });
});
