/**
 * A bound on the durable writes the public routes wait for: a write that has not committed within
 * `timeoutMs` is answered as `StorageUnavailableError` (503, retry later) instead of holding the
 * request, and the client with it, for as long as the disk is frozen. The write itself may still
 * commit later: the client was told it was not acknowledged, and its retry is idempotent (event IDs
 * and order IDs are stored once).
 */
import { StorageUnavailableError } from './errors.js';
import type { Storage } from './types.js';

const BOUNDED = ['recordBeacon', 'recordOrder'] as const;

/** How long after a failed write `/health` keeps answering 503 unless a write succeeds meanwhile. */
const FAILING_FOR_MS = 30_000;

export interface BoundedWrites {
  storage: Storage;
  /** True while the last bounded write failed as unavailable, less than 30 s ago. */
  failing(): boolean;
}

export function boundedWrites(storage: Storage, timeoutMs: number, now: () => number): BoundedWrites {
  let lastOk = 0;
  let lastFailed = 0;
  const bounded = { ...storage } as Record<string, unknown>;
  for (const op of BOUNDED) {
    const original = storage[op] as (...args: unknown[]) => Promise<unknown>;
    bounded[op] = (...args: unknown[]) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new StorageUnavailableError(
                'write_timeout',
                `The durable write took longer than ${timeoutMs} ms.`,
              ),
            ),
          timeoutMs,
        );
      });
      return Promise.race([original.apply(storage, args), late])
        .then(
          (value) => {
            lastOk = now();
            return value;
          },
          (error: unknown) => {
            if (error instanceof StorageUnavailableError) lastFailed = now();
            throw error;
          },
        )
        .finally(() => clearTimeout(timer));
    };
  }
  return {
    storage: bounded as unknown as Storage,
    failing: () => lastFailed > lastOk && now() - lastFailed < FAILING_FOR_MS,
  };
}
