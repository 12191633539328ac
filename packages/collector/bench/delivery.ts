/**
 * `pnpm bench:delivery`: drains 20,000 queued conversions (BENCH_CONVERSIONS) from a SQLite outbox
 * to the loopback platform sandbox and prints, per destination, conversions/s and requests/s —
 * the batching shows as events per request (AdRoll up to 100, Meta up to 1,000, Neuroon 1).
 * BENCH_CONCURRENCY sets requests in flight per destination (default 4); rate limits are lifted.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Platform } from '@tandem/sandbox';
import { createDeliveryEngine } from '../src/delivery/engine.js';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../src/delivery/secrets.js';
import { sqliteStorage } from '../src/node/sqlite-storage.js';
import { configureDestinations, recordOrders } from './delivery-setup.js';

const N = Number(process.env.BENCH_CONVERSIONS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PLATFORMS: Platform[] = ['adroll', 'meta', 'neuroon'];

const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-delivery-'));
const sandbox = await startSandbox({ tls: false });
const storage = sqliteStorage(join(dir, 'bench.db'));
try {
  const box = await createTokenBox(parseTokenKeys(generateTokenKey('bench')));
  await configureDestinations(storage, box, sandbox, { perMinute: 1_000_000, concurrency: CONCURRENCY });
  const seedStart = performance.now();
  await recordOrders(
    storage,
    Array.from({ length: N }, (_, i) => `bench-${i}`),
  );
  const seedMs = performance.now() - seedStart;
  console.log(`queued ${N} orders (${3 * N} outbox rows) in ${(seedMs / 1000).toFixed(1)} s`);

  const engine = createDeliveryEngine({ storage, box, fetch, now: Date.now, idleMs: 100 });
  const start = performance.now();
  const done: Partial<Record<Platform, number>> = {};
  engine.start();
  const deadline = start + 10 * 60_000;
  while (Object.keys(done).length < PLATFORMS.length && performance.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
    const stats = await storage.outboxStats();
    for (const p of PLATFORMS) {
      const pending = stats.find((s) => s.destination === p && s.status === 'pending')?.count ?? 0;
      if (pending === 0 && done[p] === undefined) done[p] = performance.now() - start;
    }
  }
  await engine.stop();
  const totalMs = performance.now() - start;

  const rows = PLATFORMS.map((p) => {
    const ledger = sandbox.ledger(p);
    const requests = ledger.receipts.filter((r) => r.path === 'server').length;
    const ms = done[p] ?? totalMs;
    return {
      destination: p,
      conversions: ledger.counted.length,
      requests,
      'events/request': +(ledger.counted.length / Math.max(1, requests)).toFixed(1),
      seconds: +(ms / 1000).toFixed(2),
      'conversions/s': Math.round(ledger.counted.length / (ms / 1000)),
      'requests/s': Math.round(requests / (ms / 1000)),
    };
  });
  console.table(rows);
  const delivered = (await storage.outboxStats())
    .filter((s) => s.status === 'delivered')
    .reduce((n, s) => n + s.count, 0);
  console.log(
    `all destinations: ${delivered} deliveries in ${(totalMs / 1000).toFixed(2)} s = ${Math.round(delivered / (totalMs / 1000))} conversions/s`,
  );
  const ok = rows.every((r) => r.conversions === N) && delivered === 3 * N;
  console.log(
    ok ? 'OK: every conversion counted once at every platform.' : 'FAIL: some conversions missing or doubled',
  );
  process.exitCode = ok ? 0 : 1;
} finally {
  await storage.close();
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
}
