/**
 * `pnpm crash:ingest`: SIGKILL the collector under beacon and order load, restart, repeat; then
 * check that every acknowledged request is in the database exactly once.
 * Options (environment): CRASH_ROUNDS (default 8), CRASH_LOAD_MS (1500), CRASH_CONCURRENCY (32).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCrash } from './support/crash.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-crash-'));
try {
  const report = await runCrash({
    dbFile: join(dir, 'crash.db'),
    rounds: Number(process.env.CRASH_ROUNDS ?? 8),
    loadMs: Number(process.env.CRASH_LOAD_MS ?? 1500),
    concurrency: Number(process.env.CRASH_CONCURRENCY ?? 32),
    log: (line) => console.log(line),
  });
  console.log(JSON.stringify(report, null, 2));
  const ok =
    report.missingEvents === 0 &&
    report.missingOrders === 0 &&
    report.duplicateOrders === 0 &&
    report.duplicateOutboxRows === 0;
  console.log(ok ? 'PASS: every acknowledged request survived SIGKILL, none duplicated.' : 'FAIL');
  process.exitCode = ok ? 0 : 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
