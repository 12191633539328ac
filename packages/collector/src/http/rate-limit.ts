/**
 * Token buckets by key: each key holds up to `burst` tokens, refilled at `perSecond`. Taking more
 * than a bucket holds is refused with the seconds until it would succeed. The map is bounded: past
 * `maxKeys`, the least recently used key is forgotten (it starts again with a full bucket).
 */
export interface Buckets {
  /** Takes `cost` tokens from `key`'s bucket: `0` when allowed, else the seconds to wait. */
  take(key: string, cost?: number): number;
}

export function tokenBuckets(
  perSecond: number,
  burst: number,
  now: () => number,
  maxKeys = 100_000,
): Buckets {
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key, cost = 1) {
      const t = now();
      const known = buckets.get(key);
      const bucket = known ?? { tokens: burst, at: t };
      bucket.tokens = Math.min(burst, bucket.tokens + ((t - bucket.at) / 1000) * perSecond);
      bucket.at = t;
      // Re-inserting keeps the map in least-recently-used order, so eviction takes the oldest.
      buckets.delete(key);
      buckets.set(key, bucket);
      if (!known && buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      if (bucket.tokens >= cost) {
        bucket.tokens -= cost;
        return 0;
      }
      return Math.max(1, Math.ceil((Math.min(cost, burst) - bucket.tokens) / perSecond));
    },
  };
}
