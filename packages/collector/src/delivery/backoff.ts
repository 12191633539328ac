/**
 * Retry timing, as pure functions with a table of cases in `backoff.test.ts`.
 *
 * Exponential backoff with "equal jitter": the n-th retry waits between half and all of
 * `base * 2^(n-1)` (capped), so retries of many rows spread out without ever retrying instantly.
 * A platform's `Retry-After` is a floor, never shortened by jitter.
 */

export interface RetryPolicy {
  /** First retry waits about this long. */
  baseMs: number;
  /** No computed wait exceeds this. */
  capMs: number;
  /** Longest `Retry-After` honoured as given (a platform asking for days is clamped to this). */
  maxRetryAfterMs: number;
  /** Give up only when BOTH this many attempts were made... */
  maxAttempts: number;
  /** ...AND the conversion is at least this old. */
  giveUpAfterMs: number;
  /** Hard limit regardless of attempts (Meta: stay well inside its 48-hour dedup window). */
  deadlineMs?: number;
}

/**
 * Delay before the next attempt, in ms.
 * @param attempt the attempt that just failed, counting from 1
 * @param retryAfterMs the platform's `Retry-After`, when it sent one
 * @param random a number in [0, 1) (injected so tests are exact)
 */
export function backoffDelay(
  policy: RetryPolicy,
  attempt: number,
  retryAfterMs: number | undefined,
  random: number,
): number {
  const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** exponent);
  const jittered = Math.round(ceiling / 2 + (random * ceiling) / 2);
  if (retryAfterMs === undefined) return jittered;
  return Math.max(Math.min(retryAfterMs, policy.maxRetryAfterMs), jittered);
}

/** Whether a conversion that failed again should go to the dead letters instead of retrying. */
export function shouldGiveUp(policy: RetryPolicy, attempts: number, ageMs: number): boolean {
  if (policy.deadlineMs !== undefined && ageMs >= policy.deadlineMs) return true;
  return attempts >= policy.maxAttempts && ageMs >= policy.giveUpAfterMs;
}
