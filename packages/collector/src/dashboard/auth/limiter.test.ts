import { describe, expect, it } from 'vitest';
import { failureLimiter, loginLimiter } from './limiter.js';

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

  it('forgets a client quiet for the longest delay, and the oldest client when the table is full', () => {
    const limiter = failureLimiter({ freeAttempts: 1, baseDelayMs: 1000, maxDelayMs: 4000, maxClients: 2 });
    limiter.fail('a', 0);
    expect([limiter.waitMs('a', 500), limiter.waitMs('a', 4000)]).toEqual([500, 0]);
    limiter.fail('x', 0);
    limiter.fail('y', 0);
    limiter.fail('z', 0);
    expect([limiter.waitMs('x', 0), limiter.waitMs('y', 0), limiter.waitMs('z', 0)]).toEqual([0, 1000, 1000]);
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
});
