/**
 * `pnpm bench:delivery [--storage sqlite|postgres|both]`: drains 20,000 queued conversions
 * (BENCH_CONVERSIONS) to the loopback platform sandbox and prints, per destination, conversions/s
 * and requests/s — the batching shows as events per request (AdRoll up to 100, Meta up to 1,000,
 * Neuroon 1). Each engine runs in a process of its own, as in a collector instance
 * (`support/engine-child.ts`); this process queues the orders, runs the sandbox and watches its
 * ledgers. On SQLite one engine drains; on Postgres one engine, then three sharing the outbox.
 * BENCH_CONCURRENCY sets requests in flight per destination and engine (default 4).
 * BENCH_PLATFORM_MS (default 0) makes every platform answer that much later (the sandbox's slow
 * switch): the loopback sandbox answers at once, real platforms in tens to hundreds of ms, and an
 * engine waiting on answers leaves the CPU to the others.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startSandbox, type Platform } from '@tandem/sandbox';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../src/delivery/secrets.js';
import { sqliteStorage } from '../src/node/sqlite-storage.js';
import { postgresStorage } from '../src/postgres/storage.js';
import { isPostgresUrl } from '../src/postgres/url.js';
import type { Storage } from '../src/storage/types.js';
import { configureDestinations, recordOrders } from './delivery-setup.js';
import { benchPostgres, storageKinds } from './support/storages.js';

const N = Number(process.env.BENCH_CONVERSIONS ?? 20_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const PLATFORM_MS = Number(process.env.BENCH_PLATFORM_MS ?? 0);
const PLATFORMS: Platform[] = ['adroll', 'meta', 'neuroon'];
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

const open = (db: string, schema?: string): Promise<Storage> =>
  isPostgresUrl(db) ? postgresStorage(db, schema ? { schema } : {}) : Promise.resolve(sqliteStorage(db));

/** An engine process, ready (its storage open) but not yet started. */
async function startEngine(db: string, schema: string | undefined, key: string): Promise<ChildProcess> {
  const script = join(packageDir, 'bench', 'support', 'engine-child.ts');
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', 'tsx', script, db, ...(schema ? [schema] : [])],
    { cwd: packageDir, stdio: ['pipe', 'pipe', 'inherit'], env: { ...process.env, BENCH_TOKEN_KEY: key } },
  );
  const lines = createInterface({ input: child.stdout! });
  await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('an engine process exited before it was ready');
    }),
  ]);
  return child;
}

async function stopEngine(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  await once(child, 'exit');
}

/** Queues N orders, drains them with `engines` engine processes, and returns the figures. */
async function run(label: string, db: string, schema: string | undefined, engines: number) {
  const sandbox = await startSandbox({ tls: false });
  if (PLATFORM_MS > 0) for (const p of PLATFORMS) sandbox.slow(p, { delayMs: PLATFORM_MS });
  const children: ChildProcess[] = [];
  try {
    const key = generateTokenKey('bench');
    const box = await createTokenBox(parseTokenKeys(key));
    // This process writes the setup, then closes the database: the engines are its only users.
    const setup = await open(db, schema);
    const seedStart = performance.now();
    try {
      await configureDestinations(setup, box, sandbox, { perMinute: 1_000_000, concurrency: CONCURRENCY });
      await recordOrders(
        setup,
        Array.from({ length: N }, (_, i) => `bench-${i}`),
      );
    } finally {
      await setup.close();
    }
    const seedMs = performance.now() - seedStart;
    console.log(`${label}: queued ${N} orders (${3 * N} outbox rows) in ${(seedMs / 1000).toFixed(1)} s`);
    for (let i = 0; i < engines; i++) children.push(await startEngine(db, schema, key));

    const start = performance.now();
    for (const child of children) child.stdin!.write('start\n');
    const done: Partial<Record<Platform, number>> = {};
    const deadline = start + 10 * 60_000;
    while (Object.keys(done).length < PLATFORMS.length && performance.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      for (const p of PLATFORMS)
        if (done[p] === undefined && sandbox.tally(p).counted >= N) done[p] = performance.now() - start;
    }
    const totalMs = Math.max(0, ...Object.values(done)) || performance.now() - start;
    await Promise.all(children.map(stopEngine));
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
    const check = await open(db, schema);
    const delivered = await check
      .outboxStats()
      .then((stats) => stats.filter((s) => s.status === 'delivered').reduce((n, s) => n + s.count, 0))
      .finally(() => check.close());
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
    await Promise.all(children.map(stopEngine));
    await sandbox.close();
  }
}

const results = [];
for (const kind of storageKinds()) {
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-delivery-'));
    try {
      results.push(await run('sqlite, 1 engine', join(dir, 'bench.db'), undefined, 1));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else {
    const server = await benchPostgres();
    try {
      for (const [i, engines] of [1, 3].entries()) {
        const schema = `bench_delivery_${Date.now()}_${i}`;
        const label = `postgres, ${engines} engine${engines > 1 ? 's' : ''}`;
        results.push(await run(label, server.url, schema, engines));
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
