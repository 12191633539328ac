/**
 * How a round keeps its request slots busy. A slot is one request in flight (the destination's
 * concurrency, split among lanes). It is free again as soon as the platform answered: the answer's
 * settlements (a durable write) go on while the slot sends its next request, and the round ends once
 * every one of them committed. So a destination that carries one conversion per request is held by
 * the platform's answers, not by a commit per request, and the storage's group commit gets the
 * settlements of many requests at once.
 *
 * For the same reason such a destination claims several requests' rows per slot and round
 * (`requestsToClaim`), within what its rate limit lets it start soon; claiming and reading its
 * settings are then paid once for many requests.
 */
import type { Sent } from './engine-send.js';
import type { TokenBucket } from './rate-limit.js';

/** Rows a slot claims per round at most when its requests carry fewer (one, for Neuroon and GA4). */
export const ROWS_PER_SLOT = 16;
/** Requests beyond the slots are claimed only as far as the rate limit lets them start this soon. */
export const AHEAD_MS = 250;

/** Requests' worth of rows to claim this round: at least one per slot. */
export function requestsToClaim(slots: number, batchLimit: number, bucket: TokenBucket, now: number) {
  const perSlot = Math.max(1, Math.floor(ROWS_PER_SLOT / batchLimit));
  return Math.max(slots, Math.min(slots * perSlot, bucket.availableWithin(now, AHEAD_MS)));
}

/**
 * Starts `start(batch)` for every batch in order, `slots` at a time, and resolves once every
 * batch's settlements committed. After a failure nothing more is started (the rows left wait for
 * their lease to run out, as after a crash) and the first error is thrown once the rest settled.
 */
export async function pipeline<B>(
  batches: readonly B[],
  slots: number,
  start: (batch: B) => Promise<Sent>,
): Promise<void> {
  let next = 0;
  let failed: { error: unknown } | undefined;
  const settles: Array<Promise<unknown>> = [];
  const fail = (error: unknown) => {
    failed ??= { error };
  };
  const slot = async () => {
    while (next < batches.length && !failed) {
      const batch = batches[next++]!;
      try {
        const { settled } = await start(batch);
        settles.push(settled.catch(fail));
      } catch (error) {
        fail(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(slots, batches.length)) }, slot));
  await Promise.all(settles);
  if (failed) throw failed.error;
}
