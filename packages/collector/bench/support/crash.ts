/**
 * The ingest crash test: a collector on SQLite in a child process takes beacon and order load and
 * is killed with SIGKILL at a random moment, several times. Afterwards every request it
 * acknowledged must be in the database, and nothing may be there twice.
 */
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { startChild } from './child.js';

const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

const here = dirname(fileURLToPath(import.meta.url));
const KEY = 'crash-test-server-key-0123456789';

export interface CrashOptions {
  dbFile: string;
  rounds: number;
  /** Load per round, ms; the kill lands between half of it and all of it. */
  loadMs: number;
  concurrency: number;
  log?: (line: string) => void;
}

export interface CrashReport {
  rounds: number;
  beaconsAcked: number;
  eventsAcked: number;
  ordersAcked: number;
  orderRetries: number;
  missingEvents: number;
  missingOrders: number;
  duplicateOrders: number;
  duplicateOutboxRows: number;
  outboxRowsPerOrder: number[];
}

const start = (dbFile: string) => startChild(join(here, 'serve-child.ts'), [dbFile]);

export async function runCrash(options: CrashOptions): Promise<CrashReport> {
  const ackedEvents = new Set<string>();
  const ackedOrders = new Set<string>();
  const unacked: string[] = [];
  let beaconsAcked = 0;
  let orderRetries = 0;
  let seq = 0;

  for (let round = 0; round < options.rounds; round++) {
    const { child, url } = await start(options.dbFile);
    let killed = false;
    const killAt = options.loadMs / 2 + Math.random() * (options.loadMs / 2);
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAt);

    const worker = async () => {
      while (!killed) {
        const n = seq++;
        try {
          if (n % 3 === 2) {
            // Orders: new ones, and retries of orders whose answer a kill swallowed.
            const retry = unacked.length > 0 && n % 2 === 0 ? unacked.shift() : undefined;
            const orderId = retry ?? `r${round}-o${n}`;
            if (retry) orderRetries++;
            const res = await fetch(`${url}/app-data/orders`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${KEY}` },
              body: JSON.stringify({
                order_id: orderId,
                value: 10,
                currency: 'EUR',
                products: [{ id: 'p1', quantity: 1, price: 10 }],
                email: `${orderId}@shop.test`,
              }),
            }).catch(() => undefined);
            if (res && (res.status === 201 || res.status === 200)) {
              await res.arrayBuffer();
              ackedOrders.add(orderId);
            } else if (!ackedOrders.has(orderId)) unacked.push(orderId);
          } else {
            const ids = Array.from({ length: 1 + (n % 4) }, (_, i) => `evt-r${round}-${n}-${i}`);
            const res = await fetch(`${url}/app-data/e`, {
              method: 'POST',
              // A browser's: Node's own User-Agent is on the bot list, and bots are not stored.
              headers: { 'content-type': 'text/plain', 'user-agent': BROWSER },
              body: JSON.stringify({
                v: 1,
                vid: `vid-crash-${n % 50}`,
                consent: { ads: true },
                ids: { gclid: `G${n}` },
                events: ids.map((id) => ({
                  id,
                  name: 'pageView',
                  ts: Date.now(),
                  url: 'https://shop.test/',
                })),
              }),
            }).catch(() => undefined);
            if (res?.status === 204) {
              beaconsAcked++;
              for (const id of ids) ackedEvents.add(id);
            }
          }
        } catch {
          // A kill mid-answer: not acknowledged.
        }
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
    options.log?.(
      `round ${round + 1}: killed after ${Math.round(killAt)} ms; acked so far ${ackedEvents.size} events, ${ackedOrders.size} orders`,
    );
  }

  // One last clean start proves the file recovers, then the check reads the database directly.
  const last = await start(options.dbFile);
  last.child.kill('SIGKILL');
  await once(last.child, 'exit');

  const db = new Database(options.dbFile, { readonly: true });
  try {
    const events = new Set(
      (db.prepare('SELECT id FROM events').all() as Array<{ id: string }>).map((r) => r.id),
    );
    const orderCounts = db
      .prepare("SELECT order_id, COUNT(*) AS n FROM orders WHERE kind = 'purchase' GROUP BY order_id")
      .all() as Array<{ order_id: string; n: number }>;
    const orders = new Map(orderCounts.map((r) => [r.order_id, r.n]));
    const dupRows = db
      .prepare('SELECT COUNT(*) - COUNT(DISTINCT destination || char(0) || event_id) AS d FROM outbox')
      .get() as { d: number };
    const perOrder = db.prepare('SELECT COUNT(*) AS n FROM outbox GROUP BY event_id').all() as Array<{
      n: number;
    }>;
    return {
      rounds: options.rounds,
      beaconsAcked,
      eventsAcked: ackedEvents.size,
      ordersAcked: ackedOrders.size,
      orderRetries,
      missingEvents: [...ackedEvents].filter((id) => !events.has(id)).length,
      missingOrders: [...ackedOrders].filter((id) => !orders.has(id)).length,
      duplicateOrders: orderCounts.filter((r) => r.n > 1).length,
      duplicateOutboxRows: dupRows.d,
      outboxRowsPerOrder: [...new Set(perOrder.map((r) => r.n))].sort(),
    };
  } finally {
    db.close();
  }
}
