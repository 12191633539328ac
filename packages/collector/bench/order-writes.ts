/**
 * Order writes as the outbox grows: records orders (three outbox rows each) in groups of 200, the
 * way concurrent order requests reach the group commit, and prints orders/s per slice.
 * `node --import tsx bench/order-writes.ts [--no-index]`; `--no-index` drops migration 3's indexes
 * first, to measure what it changed. ORDERS (default 6,000, i.e. 18,000 outbox rows).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { sqliteStorage } from '../src/node/sqlite-storage.js';
import type { NewOutboxRow } from '../src/storage/types.js';
import { benchOrder } from './delivery-setup.js';

const ORDERS = Number(process.env.ORDERS ?? 6_000);
const SLICE = 1_000;
const GROUP = 200;
const noIndex = process.argv.includes('--no-index');
const dir = mkdtempSync(join(tmpdir(), 'tandem-order-writes-'));
const file = join(dir, 'orders.db');
try {
  await sqliteStorage(file).close();
  if (noIndex) {
    const raw = new Database(file);
    raw.exec('DROP INDEX outbox_event; DROP INDEX orders_event;');
    raw.close();
  }
  const storage = sqliteStorage(file);
  const rows = (eventId: string): NewOutboxRow[] =>
    ['adroll', 'meta', 'neuroon'].map((destination) => ({
      destination,
      eventId,
      payload: { eventId },
      status: 'pending',
      nextAttemptAt: 0,
    }));
  const lines: string[] = [];
  for (let start = 0; start < ORDERS; start += SLICE) {
    const t0 = performance.now();
    for (let i = start; i < start + SLICE; i += GROUP) {
      await Promise.all(
        Array.from({ length: GROUP }, (_, k) => {
          const order = benchOrder(`bench-${i + k}`, Date.now());
          return storage.recordOrder(order, rows(order.eventId));
        }),
      );
    }
    const perSecond = Math.round(SLICE / ((performance.now() - t0) / 1000));
    lines.push(`outbox ${start * 3}-${(start + SLICE) * 3} rows: ${perSecond} orders/s`);
  }
  await storage.close();
  console.log(`${noIndex ? 'without' : 'with'} the event ID indexes\n${lines.join('\n')}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
