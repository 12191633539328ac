/**
 * The short variant of `pnpm crash:ingest`: two SIGKILLs under load, then every acknowledged
 * beacon and order must be in the database exactly once.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { runCrash } from '../../bench/support/crash.js';
import { destinationNames } from '../destinations/registry.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('keeps every acknowledged beacon and order across SIGKILL, none twice', async () => {
  const report = await runCrash({ dbFile: join(dir, 'crash.db'), rounds: 2, loadMs: 2000, concurrency: 8 });
  expect(report.eventsAcked).toBeGreaterThan(0);
  expect(report.ordersAcked).toBeGreaterThan(0);
  // One row per destination per order, for every order.
  expect({
    missingEvents: report.missingEvents,
    missingOrders: report.missingOrders,
    duplicateOrders: report.duplicateOrders,
    duplicateOutboxRows: report.duplicateOutboxRows,
    outboxRowsPerOrder: report.outboxRowsPerOrder,
  }).toEqual({
    missingEvents: 0,
    missingOrders: 0,
    duplicateOrders: 0,
    duplicateOutboxRows: 0,
    outboxRowsPerOrder: [destinationNames().length],
  });
}, 60_000);
