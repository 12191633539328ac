/**
 * The `SettingsStore` contract.
 */
import { describe, expect, it } from 'vitest';
import { runner, T0 } from './contract-fixtures.js';
import type { DestinationSettings, SettingsStore, StoreLifecycle } from './types.js';

export function settingsContract(name: string, open: () => Promise<SettingsStore & StoreLifecycle>): void {
  const withStore = runner(open);

  describe(`storage contract, settings: ${name}`, () => {
    const meta: DestinationSettings = {
      destination: 'meta',
      enabled: true,
      tokenCiphertext: 'v1.iv.ct',
      mapping: { purchase: 'Purchase', refund: 'Refund' },
      options: { pixelId: '123', testEventCode: null },
      updatedAt: T0,
    };

    it(
      'round-trips settings and replaces them on put',
      withStore(async (s) => {
        expect(await s.getSettings('meta')).toBeUndefined();
        await s.putSettings(meta);
        await s.putSettings({
          destination: 'adroll',
          enabled: false,
          mapping: {},
          options: {},
          updatedAt: T0,
        });
        expect(await s.getSettings('meta')).toEqual(meta);
        const paused = { ...meta, pausedReason: 'HTTP 401', updatedAt: T0 + 1 };
        await s.putSettings(paused);
        expect(await s.listSettings()).toEqual([
          { destination: 'adroll', enabled: false, mapping: {}, options: {}, updatedAt: T0 },
          paused,
        ]);
      }),
    );
  });
}
