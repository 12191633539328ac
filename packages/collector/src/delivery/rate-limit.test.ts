import { describe, expect, it } from 'vitest';
import { createTokenBucket } from './rate-limit.js';

describe('token bucket', () => {
  it('allows a burst, then perMinute on average', () => {
    const bucket = createTokenBucket(60, 3, 0);
    expect(bucket.available(0)).toBe(3);
    expect([bucket.take(0), bucket.take(0), bucket.take(0), bucket.take(0)]).toEqual([
      true,
      true,
      true,
      false,
    ]);
    expect(bucket.nextAt(0)).toBe(1_000);
    expect(bucket.take(999)).toBe(false);
    expect(bucket.take(1_000)).toBe(true);
    expect(bucket.available(60_000)).toBe(3);
  });

  it('counts sends over a simulated minute', () => {
    const bucket = createTokenBucket(100, 1, 0);
    let sent = 0;
    for (let t = 0; t < 60_000; t += 10) if (bucket.take(t)) sent++;
    expect(sent).toBe(100);
  });
});
