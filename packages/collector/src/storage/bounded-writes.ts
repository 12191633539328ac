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

export function boundedWrites(storage: Storage, timeoutMs: number): Storage {
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
      return Promise.race([original.apply(storage, args), late]).finally(() => clearTimeout(timer));
    };
  }
  return bounded as unknown as Storage;
}
