/**
 * What SQLite's health check and its third migration promise: `/health` answers 503 once the
 * writer thread is gone (every write would fail), and an order's rows are read through an index.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { order, pending } from '../storage/contract.js';
import { setup } from '../test-helpers.js';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-sqlite-health-'));
let n = 0;
const file = () => join(dir, `health-${n++}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sqlite health', () => {
  it('reports 503 once the writer thread has stopped, though reads still work', async () => {
    const storage = sqliteStorage(file());
    const { app } = setup({}, { storage });
    const ok = await app.request('/app-data/health');
    expect([ok.status, ((await ok.json()) as { storage: string }).storage]).toEqual([200, 'ok']);

    await storage.recordOrder(order(), [pending('meta')]);
    await storage.writer.terminate();
    // The main thread's read connection still answers; the old ping used only that one.
    expect(await storage.getOrder('purchase', '1001')).toEqual(order());
    const down = await app.request('/app-data/health');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, storage: 'unreachable' });
    await expect(storage.recordOrder(order({ orderId: '2' }), [])).rejects.toThrow(
      'SQLite writer thread exited',
    );
    await storage.close();
  });

  it('reads outbox rows and orders by event ID through indexes (migration 3)', async () => {
    const path = file();
    await sqliteStorage(path).close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT version FROM migrations ORDER BY version').all()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
      { version: 5 },
      { version: 6 },
      { version: 7 },
      { version: 8 },
    ]);
    const plan = (sql: string) =>
      raw
        .prepare(`EXPLAIN QUERY PLAN ${sql}`)
        .all('e')
        .map((r) => (r as { detail: string }).detail);
    expect(plan('SELECT * FROM outbox WHERE event_id = ? ORDER BY id')).toEqual([
      'SEARCH outbox USING INDEX outbox_event (event_id=?)',
    ]);
    expect(plan('SELECT body FROM orders WHERE event_id = ? LIMIT 1')).toEqual([
      'SEARCH orders USING INDEX orders_event (event_id=?)',
    ]);
    raw.close();
  });
});
