/**
 * The storage budget: whether the stored data has grown past the configured size. The size is
 * asked of the storage at most once per `everyMs`, in the background; requests read the last answer.
 */
import type { Storage } from './types.js';

export function storageBudget(storage: Storage, budgetBytes: number, now: () => number, everyMs = 1_000) {
  let over = false;
  let checkedAt = -Infinity;
  let checking = false;
  return {
    /** True once the last measured size was past the budget (never, without a budget). */
    over(): boolean {
      if (budgetBytes > 0 && storage.sizeBytes && !checking && now() - checkedAt >= everyMs) {
        checking = true;
        storage
          .sizeBytes()
          .then((size) => void (over = size > budgetBytes))
          .catch(() => {})
          .finally(() => {
            checking = false;
            checkedAt = now();
          });
      }
      return over;
    },
  };
}
