/**
 * `pnpm crash:delivery`: SIGKILL the collector while it delivers under order load, restart, repeat;
 * then check at the sandbox's ledgers and in the database that every acknowledged order reached
 * every platform once, AdRoll's interrupted sends being held as `uncertain` (see
 * `support/delivery-crash.ts`). Exits 1 on FAIL.
 * Options (environment): CRASH_ROUNDS (default 6), CRASH_LOAD_MS (1500), CRASH_CONCURRENCY (16),
 * CRASH_LEASE_MS (12000), CRASH_TIMEOUT_MS (5000).
 */
import { runDeliveryCrash } from './support/delivery-crash.js';

const report = await runDeliveryCrash({
  rounds: Number(process.env.CRASH_ROUNDS ?? 6),
  loadMs: Number(process.env.CRASH_LOAD_MS ?? 1_500),
  concurrency: Number(process.env.CRASH_CONCURRENCY ?? 16),
  leaseMs: Number(process.env.CRASH_LEASE_MS ?? 12_000),
  timeoutMs: Number(process.env.CRASH_TIMEOUT_MS ?? 5_000),
  log: (line) => console.log(line),
});
console.table(report.platforms);
console.log(
  report.pass
    ? `PASS: all ${report.acknowledged} acknowledged orders reached every platform once; ${report.platforms.adroll.uncertain} AdRoll sends interrupted mid-way are held as uncertain (${report.platforms.adroll.uncertainButCounted} of them counted by AdRoll, once), none counted twice.`
    : 'FAIL: see missing / countedTwice / otherStatus',
);
process.exitCode = report.pass ? 0 : 1;
