/**
 * A token bucket per destination: `perMinute` requests on average, bursts of up to `burst`.
 * Pure state plus an injected `now`, so tests drive it with a fake clock.
 */
export interface TokenBucket {
  /** Whole requests that may start at `now`. */
  available(now: number): number;
  /**
   * Whole requests that may start between `now` and `now + ms` if they are taken as their tokens
   * come (the burst bounds what is saved up, not what is taken meanwhile).
   */
  availableWithin(now: number, ms: number): number;
  /** Takes one request's token; returns false (and takes nothing) when none is left. */
  take(now: number): boolean;
  /** When the next token will be there (`now` when one already is). */
  nextAt(now: number): number;
}

export function createTokenBucket(perMinute: number, burst: number, start: number): TokenBucket {
  const perMs = perMinute / 60_000;
  let tokens = burst;
  let at = start;
  const refill = (now: number) => {
    if (now > at) {
      tokens = Math.min(burst, tokens + (now - at) * perMs);
      at = now;
    }
  };
  return {
    available(now) {
      refill(now);
      return Math.floor(tokens);
    },
    availableWithin(now, ms) {
      refill(now);
      return Math.floor(tokens + Math.max(0, ms) * perMs);
    },
    take(now) {
      refill(now);
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    nextAt(now) {
      refill(now);
      return tokens >= 1 ? now : now + Math.ceil((1 - tokens) / perMs);
    },
  };
}
