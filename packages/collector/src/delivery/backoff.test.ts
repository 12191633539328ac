import { describe, expect, it } from 'vitest';
import { backoffDelay, shouldGiveUp, type RetryPolicy } from './backoff.js';
import { parseRetryAfter } from './retry-after.js';

const policy: RetryPolicy = {
  baseMs: 1_000,
  capMs: 60_000,
  maxRetryAfterMs: 3_600_000,
  maxAttempts: 5,
  giveUpAfterMs: 86_400_000,
};

describe('backoffDelay', () => {
  const cases: Array<[attempt: number, retryAfter: number | undefined, random: number, delay: number]> = [
    [1, undefined, 0, 500],
    [1, undefined, 0.999999, 1_000],
    [2, undefined, 0.5, 1_500],
    [3, undefined, 0, 2_000],
    [4, undefined, 1, 8_000],
    [7, undefined, 0, 30_000],
    [7, undefined, 1, 60_000],
    [100, undefined, 0.5, 45_000],
    [0, undefined, 0, 500],
    [1, 30_000, 0.5, 30_000],
    [7, 1_000, 1, 60_000],
    [1, 0, 0, 500],
    [1, 86_400_000, 0, 3_600_000],
  ];
  it.each(cases)('attempt %i, Retry-After %s, random %d -> %i ms', (attempt, retryAfter, random, delay) => {
    expect(backoffDelay(policy, attempt, retryAfter, random)).toBe(delay);
  });
});

describe('shouldGiveUp', () => {
  const day = 86_400_000;
  const cases: Array<[p: RetryPolicy, attempts: number, age: number, giveUp: boolean]> = [
    [policy, 4, 2 * day, false],
    [policy, 5, day - 1, false],
    [policy, 5, day, true],
    [policy, 50, 2 * day, true],
    [{ ...policy, deadlineMs: 36 * 3_600_000 }, 1, 36 * 3_600_000, true],
    [{ ...policy, deadlineMs: 36 * 3_600_000 }, 1, 35 * 3_600_000, false],
  ];
  it.each(cases)('case %#', (p, attempts, age, giveUp) => {
    expect(shouldGiveUp(p, attempts, age)).toBe(giveUp);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-23T10:00:00Z');
  const cases: Array<[value: string | null, ms: number | undefined]> = [
    ['120', 120_000],
    [' 0 ', 0],
    ['Mon, 23 Nov 2026 10:00:30 GMT', 30_000],
    ['Mon, 23 Nov 2026 09:00:00 GMT', 0],
    ['soon', undefined],
    ['-5', undefined],
    [null, undefined],
  ];
  it.each(cases)('%s -> %s', (value, ms) => {
    expect(parseRetryAfter(value, now)).toBe(ms);
  });
});
