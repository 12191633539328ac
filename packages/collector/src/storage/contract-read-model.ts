/**
 * The `DashboardReadModel` contract: the overview's figures equal the scan that defines them
 * (`scanOverview` over every outbox row and event) on varied data, for windows of 7 to 365 days.
 */
import { describe, expect, it } from 'vitest';
import { runner } from './contract-fixtures.js';
import { NOW, seedOverview } from './overview-fixtures.js';
import { scanOverview } from './read-model.js';
import type { Storage } from './types.js';

const DAY = 86_400_000;

/** What the scan computes from everything stored (no bound is reached here). */
export async function scanned(s: Storage, days: number) {
  const rows = await s.listOutbox({ limit: 1_000_000 });
  return scanOverview(rows, await s.listEvents(1_000_000), days, NOW);
}

export function readModelContract(name: string, open: () => Promise<Storage>): void {
  const withStore = runner(open);

  // Seeding hundreds of orders and comparing full scans takes seconds, more on a loaded machine.
  describe(`storage contract, the dashboard's read model: ${name}`, { timeout: 60_000 }, () => {
    it(
      'returns what the scan computes, for 7, 30, 90 and 365 days of varied data',
      withStore(async (s) => {
        await seedOverview(s, 300);
        const statuses = new Set((await s.outboxStats()).map((x) => x.status));
        const wide = await scanned(s, 90);
        const sum = (key: 'pixel' | 'server' | 'both' | 'none') => wide.paths.reduce((n, p) => n + p[key], 0);
        const events = await s.listEvents(1_000_000);
        const since = (Math.floor(NOW / DAY) - 89) * DAY;
        // The data set reaches every case the figures distinguish.
        expect({
          events: [events.some((e) => e.receivedAt < since), events.some((e) => e.receivedAt > NOW)],
          blocked: [wide.blocked.count > 0, wide.blocked.total > wide.blocked.count],
          statuses: [...statuses].sort(),
          paths: [sum('pixel') > 0, sum('server') > 0, sum('both') > 0, sum('none') > 0],
          quality: Object.values(wide.quality).map((n) => n > 0 && n < wide.quality.total + 1),
        }).toEqual({
          events: [true, true],
          blocked: [true, true],
          statuses: ['dead', 'delivered', 'pending', 'sending', 'skipped', 'uncertain'],
          paths: [true, true, true, true],
          quality: [true, true, true, true, true],
        });
        for (const days of [7, 30, 90, 365]) {
          expect({ days, ...(await s.overviewStats(days, NOW)) }).toEqual({
            days,
            ...(await scanned(s, days)),
          });
        }
      }),
    );

    it(
      'gives every day of the window, with zeros, on an empty store',
      withStore(async (s) => {
        const empty = await s.overviewStats(7, NOW);
        expect(empty).toEqual(await scanned(s, 7));
        expect(empty.paths).toHaveLength(7);
      }),
    );
  });
}
