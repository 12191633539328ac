/**
 * The `StoreLifecycle` contract: health checks answer on an open store.
 */
import { describe, expect, it } from 'vitest';
import { runner } from './contract-fixtures.js';
import type { StoreLifecycle } from './types.js';

export function lifecycleContract(name: string, open: () => Promise<StoreLifecycle>): void {
  const withStore = runner(open);

  describe(`storage contract, lifecycle: ${name}`, () => {
    it(
      'answers ping',
      withStore(async (s) => {
        await expect(s.ping()).resolves.toBeUndefined();
      }),
    );
  });
}
