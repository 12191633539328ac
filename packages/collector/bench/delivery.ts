/**
 * `pnpm bench:delivery [--storage sqlite|postgres|both]`: drains 20,000 queued conversions
 * (BENCH_CONVERSIONS) to the loopback platform sandbox and prints, per destination, conversions/s
 * and requests/s — the batching shows as events per request (AdRoll up to 100, Meta up to 1,000,
 * Neuroon 1). On SQLite one engine drains; on Postgres one engine, then three engines each with its
 * own connection pool sharing the outbox (instances, in one process: they share its CPU).
 * BENCH_CONCURRENCY sets requests in flight per destination and engine (default 4).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Platform } from '@tandem/sandbox';
import { createDeliveryEngine } from '../src/delivery/engine.js';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../src/delivery/secrets.js';
import { sqliteStorage } from '../src/node/sqlite-storage.js';
import { postgresStorage } from '../src/postgres/storage.js';
import type { Storage } from '../src/storage/types.js';
import { configureDestinations, recordOrders } from './delivery-setup.js';
import { benchPostgres, storageKinds } from './support/storages.js';

const N = Number(process.env.BENCH_CONVERSIONS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PLATFORMS: Platform[] = ['adroll', 'meta', 'neuroon'];

/** Queues N orders, drains them with `engines` engines, and returns the figures. */
async function run(label: string, open: () => Promise<Storage>, engines: number) {
  const sandbox = await startSandbox({ tls: false });
  const stores = await Promise.all(Array.from({ length: engines }, open));
  const storage = stores[0]!;
  try {
    const box = await createTokenBox(parseTokenKeys(generateTokenKey('bench')));
    await configureDestinations(storage, box, sandbox, { perMinute: 1_000_000, concurrency: CONCURRENCY });
    const seedStart = performance.now();
    await recordOrders(
      storage,
      Array.from({ length: N }, (_, i) => `bench-${i}`),
    );
    const seedMs = performance.now() - seedStart;
    console.log(`${label}: queued ${N} orders (${3 * N} outbox rows) in ${(seedMs / 1000).toFixed(1)} s`);

    const running = stores.map((s) =>
      createDeliveryEngine({ storage: s, box, fetch, now: Date.now, idleMs: 100 }),
    );
    const start = performance.now();
    const done: Partial<Record<Platform, number>> = {};
    for (const engine of running) engine.start();
    const deadline = start + 10 * 60_000;
    while (Object.keys(done).length < PLATFORMS.length && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      const stats = await storage.outboxStats();
      for (const p of PLATFORMS) {
        const open = stats
          .filter((s) => s.destination === p && (s.status === 'pending' || s.status === 'sending'))
          .reduce((n, s) => n + s.count, 0);
        if (open === 0 && done[p] === undefined) done[p] = performance.now() - start;
      }
    }
    await Promise.all(running.map((engine) => engine.stop()));
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
    const ok = rows.every((r) => r.conversions === N) && delivered === 3 * N;
    return {
      label,
      engines,
      delivered,
      seconds: totalMs / 1000,
      perSecond: delivered / (totalMs / 1000),
      ok,
    };
  } finally {
    await Promise.all(stores.map((s) => s.close()));
    await sandbox.close();
  }
}

const results = [];
for (const kind of storageKinds()) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-delivery-'));
    try {
      results.push(await run('sqlite, 1 engine', async () => sqliteStorage(join(dir, 'bench.db')), 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const server = await benchPostgres();
    try {
      for (const [i, engines] of [1, 3].entries()) {
        const schema = `bench_delivery_${Date.now()}_${i}`;
        results.push(
          await run(
            `postgres, ${engines} engine${engines > 1 ? 's' : ''}`,
            () => postgresStorage(server.url, { schema }),
            engines,
          ),
        );
      }
    } finally {
      await server.stop();
    }
  }
}
console.log('\n| storage | deliveries | seconds | conversions/s | every conversion counted once |');
console.log('| --- | --- | --- | --- | --- |');
for (const r of results)
  console.log(
    `| ${r.label} | ${r.delivered} | ${r.seconds.toFixed(2)} | ${Math.round(r.perSecond)} | ${r.ok ? 'yes' : 'NO'} |`,
  );
const pg1 = results.find((r) => r.label === 'postgres, 1 engine');
const pg3 = results.find((r) => r.label === 'postgres, 3 engines');
if (pg1 && pg3) console.log(`Postgres, 3 engines / 1 engine: ${(pg3.perSecond / pg1.perSecond).toFixed(2)}x`);
const ok = results.every((r) => r.ok);
console.log(
  ok ? 'OK: every conversion counted once at every platform.' : 'FAIL: some conversions missing or doubled',
);
process.exitCode = ok ? 0 : 1;
