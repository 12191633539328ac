/**
 * `pnpm crash:delivery`: SIGKILL the collector while it delivers under order load, restart, repeat;
 * then check at the sandbox's ledgers that every acknowledged order reached every platform, and
 * none was counted twice.
 * Options (environment): CRASH_ROUNDS (default 6), CRASH_LOAD_MS (1500), CRASH_CONCURRENCY (16).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { purchaseEventId } from '@tandem/protocol';
import { startSandbox, type Platform, type Sandbox } from '@tandem/sandbox';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../src/delivery/secrets.js';
import { sqliteStorage } from '../src/node/sqlite-storage.js';
import { configureDestinations } from './delivery-setup.js';

const here = dirname(fileURLToPath(import.meta.url));
const KEY = 'delivery-crash-server-key-0123456789';
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 6);
const LOAD_MS = Number(process.env.CRASH_LOAD_MS ?? 1_500);
const CONCURRENCY = Number(process.env.CRASH_CONCURRENCY ?? 16);
const PLATFORMS: Platform[] = ['adroll', 'meta', 'neuroon'];

async function start(dbFile: string, env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'delivery-child.ts'), dbFile], {
    cwd: join(here, '..'),
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const [line] = (await Promise.race([
    once(lines, 'line'),
    once(child, 'exit').then(() => {
      throw new Error('collector exited before it listened');
    }),
  ])) as [string];
  return { child, url: (JSON.parse(line) as { url: string }).url };
}

async function kill(child: ChildProcess) {
  if (child.exitCode === null && child.signalCode === null) {
    child.kill('SIGKILL');
    await once(child, 'exit');
  }
}

/** Event IDs each platform counted (after its own dedup), with how many times. */
function counted(sandbox: Sandbox, p: Platform): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of sandbox.ledger(p).counted) {
    if (c.path !== 'server') continue;
    const data = c.data as Record<string, unknown>;
    const id =
      p === 'meta'
        ? String(data.event_id)
        : p === 'adroll'
          ? (JSON.parse(String(data.external_data)) as { tandem_event_id: string }).tandem_event_id
          : purchaseEventId(String(data.orderId));
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

const dir = mkdtempSync(join(tmpdir(), 'tandem-delivery-crash-'));
const dbFile = join(dir, 'crash.db');
const sandbox = await startSandbox({ tls: false });
const env = { ...process.env, TANDEM_TOKEN_KEYS: generateTokenKey('crash') };
let exit = 1;
try {
  const setup = sqliteStorage(dbFile);
  await configureDestinations(setup, await createTokenBox(parseTokenKeys(env.TANDEM_TOKEN_KEYS)), sandbox, {
    perMinute: 1_000_000,
    concurrency: 2,
  });
  await setup.close();

  const acked = new Set<string>();
  const unacked: string[] = [];
  let seq = 0;
  const post = async (url: string, orderId: string) => {
    const res = await fetch(`${url}/app-data/orders`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
      body: JSON.stringify({
        order_id: orderId,
        value: 10,
        currency: 'EUR',
        products: [{ id: 'p1', quantity: 1, price: 10 }],
        email: `${orderId}@shop.test`,
        ip: '203.0.113.7',
        user_agent: 'Mozilla/5.0 (crash test)',
        page_url: 'https://shop.test/thanks',
        cookies: { _tdm_sl: encodeURIComponent(JSON.stringify({ p1: `sl-${orderId}` })) },
        consent: { ads: true },
      }),
    }).catch(() => undefined);
    if (res && (res.status === 200 || res.status === 201)) {
      await res.arrayBuffer();
      return true;
    }
    return false;
  };

  for (let round = 0; round < ROUNDS; round++) {
    const { child, url } = await start(dbFile, env);
    let killed = false;
    const killAt = LOAD_MS / 2 + Math.random() * (LOAD_MS / 2);
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAt);
    const worker = async () => {
      while (!killed) {
        const orderId = unacked.shift() ?? `r${round}-o${seq++}`;
        if (await post(url, orderId)) acked.add(orderId);
        else if (!acked.has(orderId)) unacked.push(orderId);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    clearTimeout(timer);
    await kill(child);
    const got = counted(sandbox, 'adroll').size;
    console.log(
      `round ${round + 1}: killed after ${Math.round(killAt)} ms; ${acked.size} orders acknowledged, ${got} at AdRoll so far`,
    );
  }

  // A last process delivers what is left; no kill this time.
  const { child } = await start(dbFile, env);
  const expected = [...acked].map(purchaseEventId);
  const deadline = Date.now() + 120_000;
  while (
    Date.now() < deadline &&
    !PLATFORMS.every((p) => expected.every((id) => counted(sandbox, p).has(id)))
  ) {
    await new Promise((r) => setTimeout(r, 250));
  }
  await new Promise((r) => setTimeout(r, 13_000)); // leases of the last kill expire; nothing more may come
  await kill(child);

  const report = Object.fromEntries(
    PLATFORMS.map((p) => {
      const seen = counted(sandbox, p);
      const ledger = sandbox.ledger(p);
      return [
        p,
        {
          acknowledged: expected.length,
          missing: expected.filter((id) => !seen.has(id)).length,
          countedTwice: [...seen.values()].filter((n) => n > 1).length,
          resentButDedupedByPlatform: ledger.duplicates.length,
          requests: ledger.receipts.filter((r) => r.path === 'server').length,
        },
      ];
    }),
  );
  console.table(report);
  const ok = Object.values(report).every((r) => r.missing === 0 && r.countedTwice === 0);
  console.log(
    ok
      ? 'PASS: every acknowledged order reached every platform, none counted twice.'
      : 'FAIL: see missing / countedTwice',
  );
  exit = ok ? 0 : 1;
} finally {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
  process.exitCode = exit;
}
