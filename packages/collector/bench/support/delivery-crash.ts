/**
 * The delivery crash test: a collector (SQLite, order route, delivery engine) in a child process
 * takes order load and is SIGKILLed at a random moment, several times; a last, clean run delivers
 * what is left. The check is made at the sandbox's ledgers and in the database: every
 * acknowledged order is counted once by every platform, except AdRoll rows the engine holds as
 * `uncertain` (a send interrupted mid-way, which AdRoll may or may not have counted): those are
 * reported apart, must be `uncertain` in the database and may not be counted twice either.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { purchaseEventId } from '@tandem/protocol';
import { startSandbox, type Platform, type Sandbox } from '@tandem/sandbox';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../../src/delivery/secrets.js';
import { sqliteStorage } from '../../src/node/sqlite-storage.js';
import { configureDestinations } from '../delivery-setup.js';
import { startChild, stopChild } from './child.js';

const here = dirname(fileURLToPath(import.meta.url));
const KEY = 'delivery-crash-server-key-0123456789';
const PLATFORMS: Platform[] = ['adroll', 'meta', 'neuroon', 'tiktok', 'googleAds', 'ga4'];
/** The collector's destination name for each sandbox platform. */
const DESTINATION: Record<Platform, string> = {
  adroll: 'adroll',
  meta: 'meta',
  neuroon: 'neuroon',
  tiktok: 'tiktok',
  googleAds: 'google-ads',
  ga4: 'ga4',
};

export interface DeliveryCrashOptions {
  rounds: number;
  /** Load per round, ms; the kill lands between half of it and all of it. */
  loadMs: number;
  concurrency: number;
  /** The child's engine: lease and request timeout (a short lease lets the next run take over soon). */
  leaseMs: number;
  timeoutMs: number;
  /** The child's first retry wait (default: each platform's own policy). */
  retryBaseMs?: number;
  /** How long the last run may take to settle every row. */
  settleMs?: number;
  log?: (line: string) => void;
}

export interface PlatformFigures {
  acknowledged: number;
  /** Counted once: the platform has it and the row says delivered. */
  once: number;
  /** Neither counted nor held as uncertain. */
  missing: number;
  countedTwice: number;
  /** Held for the operator (AdRoll only): in the database as `uncertain`. */
  uncertain: number;
  /** Of those, how many the platform did count (once). */
  uncertainButCounted: number;
  /** Acknowledged orders whose row is neither delivered nor uncertain at the end. */
  otherStatus: number;
  resentButDedupedByPlatform: number;
  requests: number;
}

export interface DeliveryCrashReport {
  acknowledged: number;
  platforms: Record<Platform, PlatformFigures>;
  pass: boolean;
}

/** Event IDs each platform counted (after its own dedup), with how many times. */
function counted(sandbox: Sandbox, p: Platform): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of sandbox.ledger(p).counted) {
    if (c.path !== 'server') continue;
    const data = c.data as Record<string, unknown>;
    const id =
      p === 'meta' || p === 'tiktok'
        ? String(data.event_id)
        : p === 'adroll'
          ? (JSON.parse(String(data.external_data)) as { tandem_event_id: string }).tandem_event_id
          : p === 'ga4'
            ? purchaseEventId(
                String(
                  (data.events as Array<{ params: { transaction_id: string } }>)[0]?.params.transaction_id,
                ),
              )
            : purchaseEventId(String(data.orderId));
    out.set(id, (out.get(id) ?? 0) + 1);
  }
  return out;
}

async function post(url: string, orderId: string): Promise<boolean> {
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
  if (!res) return false;
  await res.arrayBuffer().catch(() => undefined);
  return res.status === 200 || res.status === 201;
}

export async function runDeliveryCrash(options: DeliveryCrashOptions): Promise<DeliveryCrashReport> {
  const log = options.log ?? (() => {});
  const dir = mkdtempSync(join(tmpdir(), 'tandem-delivery-crash-'));
  const dbFile = join(dir, 'crash.db');
  const sandbox = await startSandbox({ tls: false });
  const keys = generateTokenKey('crash');
  // The child inherits the environment: its engine decrypts the tokens with this key.
  const previousKeys = process.env.TANDEM_TOKEN_KEYS;
  process.env.TANDEM_TOKEN_KEYS = keys;
  const start = () =>
    startChild(join(here, '..', 'delivery-child.ts'), [
      dbFile,
      String(options.leaseMs),
      String(options.timeoutMs),
      ...(options.retryBaseMs !== undefined ? [String(options.retryBaseMs)] : []),
    ]);
  try {
    const setup = sqliteStorage(dbFile);
    await configureDestinations(
      setup,
      await createTokenBox(parseTokenKeys(keys)),
      sandbox,
      { perMinute: 1_000_000, concurrency: 2 },
      true,
    );
    await setup.close();

    const acked = new Set<string>();
    const unacked: string[] = [];
    let seq = 0;
    for (let round = 0; round < options.rounds; round++) {
      const { child, url } = await start();
      let killed = false;
      const killAt = options.loadMs / 2 + Math.random() * (options.loadMs / 2);
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
      await Promise.all(Array.from({ length: options.concurrency }, worker));
      clearTimeout(timer);
      await stopChild(child, 'SIGKILL');
      log(
        `round ${round + 1}: killed after ${Math.round(killAt)} ms; ${acked.size} orders acknowledged, ${counted(sandbox, 'adroll').size} at AdRoll so far`,
      );
    }

    // The last process delivers what is left, no kill: it is stopped once no row is pending or
    // being sent (the killed process's leases must expire first), so nothing more can go out.
    const { child } = await start();
    const db = new Database(dbFile, { readonly: true, fileMustExist: true });
    const open = db.prepare(`SELECT COUNT(*) AS n FROM outbox WHERE status IN ('pending', 'sending')`);
    const deadline = Date.now() + (options.settleMs ?? 120_000);
    while (Date.now() < deadline && (open.get() as { n: number }).n > 0)
      await new Promise((r) => setTimeout(r, 100));
    await stopChild(child, 'SIGKILL');

    const expected = [...acked].map(purchaseEventId);
    const statusOf = db.prepare('SELECT status FROM outbox WHERE destination = ? AND event_id = ?');
    const platforms = Object.fromEntries(
      PLATFORMS.map((p) => {
        const seen = counted(sandbox, p);
        const status = (id: string) =>
          (statusOf.get(DESTINATION[p], id) as { status: string } | undefined)?.status;
        const held = expected.filter((id) => status(id) === 'uncertain');
        const ledger = sandbox.ledger(p);
        const figures: PlatformFigures = {
          acknowledged: expected.length,
          once: expected.filter((id) => seen.get(id) === 1 && status(id) === 'delivered').length,
          missing: expected.filter((id) => !seen.has(id) && status(id) !== 'uncertain').length,
          countedTwice: [...seen.values()].filter((n) => n > 1).length,
          uncertain: held.length,
          uncertainButCounted: held.filter((id) => seen.has(id)).length,
          otherStatus: expected.filter((id) => !['delivered', 'uncertain'].includes(status(id) ?? '')).length,
          resentButDedupedByPlatform: ledger.duplicates.length,
          requests: ledger.receipts.filter((r) => r.path === 'server' && r.endpoint !== 'token').length,
        };
        return [p, figures];
      }),
    ) as Record<Platform, PlatformFigures>;
    db.close();
    const pass = PLATFORMS.every((p) => {
      const f = platforms[p];
      const heldAllowed = p === 'adroll' || f.uncertain === 0;
      return (
        f.missing === 0 &&
        f.countedTwice === 0 &&
        f.otherStatus === 0 &&
        heldAllowed &&
        f.once + f.uncertain === f.acknowledged
      );
    });
    return { acknowledged: expected.length, platforms, pass };
  } finally {
    if (previousKeys === undefined) delete process.env.TANDEM_TOKEN_KEYS;
    else process.env.TANDEM_TOKEN_KEYS = previousKeys;
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
