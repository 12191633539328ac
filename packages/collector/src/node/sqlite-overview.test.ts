import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { BASE, makeDashboard } from '../dashboard/test-helpers.js';
import { NOW, seedOverview as seed } from '../storage/overview-fixtures.js';
import type { DashboardStorage } from '../dashboard/ports.js';
import { migrate } from './sqlite-migrations.js';
import { BLOCKED_SQL, OVERVIEW_SQL } from './sqlite-overview.js';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-overview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The read model's contract (storage/contract-read-model.ts) compares the figures with the scan;
// here, the page drawn from them and the query plans. The page test seeds hundreds of orders.
describe('sqlite overviewStats', { timeout: 60_000 }, () => {
  it('draws the same overview page from the aggregate as from the scan', async () => {
    const storage = sqliteStorage(join(dir, 'page.db'));
    try {
      await seed(storage, 300);
      const page = async (s: DashboardStorage, days: number) => {
        const dash = await makeDashboard({ storage: s, now: () => NOW });
        const browser = dash.client();
        await browser.login();
        const html = await (await browser.get(`${BASE}?days=${days}`)).text();
        return html.replace(/name="csrf" value="[^"]+"/g, 'name="csrf"');
      };
      const { overviewStats: _aggregate, ...scanOnly } = storage;
      expect(['overviewStats' in storage, 'overviewStats' in scanOnly]).toEqual([true, false]);
      for (const days of [7, 90]) {
        const aggregated = await page(storage, days);
        expect(aggregated).toContain('data-day=');
        expect(aggregated).toEqual(await page(scanOnly, days));
      }
    } finally {
      await storage.close();
    }
  });

  it('reaches outbox rows only through indexes: the window by conversion time, the rows by event ID', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const reads = db
        .prepare(`EXPLAIN QUERY PLAN ${OVERVIEW_SQL}`)
        .all({ since: 0 })
        .map((r) => (r as { detail: string }).detail)
        .filter((detail) => /^(SCAN|SEARCH) (outbox|o|l|f)\b/.test(detail));
      expect(reads).toEqual([
        'SEARCH outbox USING COVERING INDEX outbox_conversion_time (<expr>>?)',
        'SEARCH o USING INDEX outbox_event (event_id=?)',
        'SEARCH l USING INDEX outbox_event (event_id=?)',
        'SEARCH f USING INDEX outbox_event (event_id=?)',
      ]);
    } finally {
      db.close();
    }
  });

  it("finds the blocked share's events through the received_at index", () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const reads = db
        .prepare(`EXPLAIN QUERY PLAN ${BLOCKED_SQL}`)
        .all({ since: 0 })
        .map((r) => (r as { detail: string }).detail)
        .filter((detail) => /^(SCAN|SEARCH) events\b/.test(detail));
      expect(reads).toEqual(['SEARCH events USING INDEX events_received_at (received_at>?)']);
    } finally {
      db.close();
    }
  });
});
