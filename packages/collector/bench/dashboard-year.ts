/**
 * How fast the dashboard's pages answer over a year of data on SQLite: 365 days of orders
 * (default 100 a day, each with a row per destination, a third of them delivered by the pixel,
 * a few dead) and pageView beacons. Prints the median of a few requests per page; never asserts.
 *
 *   tsx bench/dashboard-year.ts [ordersPerDay]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Hono } from 'hono';
import { dashboardRoutes, settingsService } from '../src/dashboard/index.js';
import { csrfOf } from '../src/dashboard/test-helpers.js';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../src/delivery/secrets.js';
import { sqliteStorage } from '../src/node/sqlite-storage.js';
import type { NewOutboxRow, StoredOrder } from '../src/storage/types.js';

const perDay = Number(process.argv[2] ?? 100);
const DAY = 86_400_000;
const now = Date.now();
const dir = mkdtempSync(join(tmpdir(), 'tandem-dash-bench-'));
const storage = sqliteStorage(join(dir, 'year.db'));
const box = await createTokenBox(parseTokenKeys(generateTokenKey('k1')));
const secret = 'bench secret, long enough';
const app = new Hono().route(
  '/admin',
  dashboardRoutes({
    adminSecret: secret,
    basePath: '/admin',
    storage,
    settings: settingsService({ storage, box }),
  }),
);

const started = performance.now();
const destinations = ['adroll', 'meta', 'neuroon'];
for (let day = 364; day >= 0; day--) {
  const writes: Promise<unknown>[] = [];
  for (let i = 0; i < perDay; i++) {
    const orderId = `${day}-${i}`;
    const at = now - day * DAY - i * 1000;
    const order: StoredOrder = {
      orderId,
      kind: 'purchase',
      eventId: `o_${orderId}`,
      value: 50,
      currency: 'EUR',
      lines: [{ productId: 'p', quantity: 1, price: 50 }],
      user: i % 2 ? { em: 'a'.repeat(64) } : {},
      consent: { ads: true },
      source: 'server',
      confirmedAt: at,
    };
    const payload = {
      eventId: order.eventId,
      orderId,
      time: at,
      value: 50,
      currency: 'EUR',
      ids: i % 3 ? { fbp: 'fb.1.1.1' } : {},
      user: order.user,
      lines: order.lines,
      pixels: { meta: i % 3 ? 'loaded' : 'blocked' },
    };
    const rows: NewOutboxRow[] = destinations.map((destination) => ({
      destination,
      eventId: order.eventId,
      payload,
      status: destination === 'neuroon' ? 'skipped' : 'pending',
      ...(destination === 'neuroon' && { reason: 'no searchLogId' }),
      nextAttemptAt: at,
    }));
    writes.push(storage.recordOrder(order, rows));
    writes.push(
      storage.recordBeacon({ id: `v${orderId}`, seenAt: at, consent: { ads: true } }, [
        {
          id: `pv_${orderId}`,
          name: 'pageView',
          visitorId: `v${orderId}`,
          receivedAt: at,
          url: 'https://shop.test/',
          props: {},
          pixels: { meta: i % 3 ? 'loaded' : 'blocked' },
          consent: { ads: true },
          ids: undefined,
        },
      ]),
    );
  }
  await Promise.all(writes);
}
console.log(`recorded ${perDay * 365} orders in ${((performance.now() - started) / 1000).toFixed(1)} s`);
// Settle most rows as the engine would: delivered (pixel for AdRoll a third of the time), some dead.
for (const destination of ['adroll', 'meta']) {
  for (;;) {
    const lease = await storage.claimDue(destination, now + DAY, 60_000, 5000);
    if (lease.rows.length === 0) break;
    await Promise.all(
      lease.rows.map((row, i) =>
        storage.settle(
          row.id,
          lease.token,
          i % 97 === 0
            ? { status: 'dead', reason: 'HTTP 400' }
            : { status: 'delivered', via: destination === 'adroll' && i % 3 === 0 ? 'pixel' : 'server' },
          now,
        ),
      ),
    );
  }
}
const seeded = performance.now() - started;

const cookies = new Map<string, string>();
const request = async (path: string, init: RequestInit = {}) => {
  const headers = new Headers(init.headers);
  headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
  const res = await app.request(`http://bench${path}`, { ...init, headers });
  for (const line of res.headers.getSetCookie()) {
    const [name = '', value = ''] = (line.split(';')[0] ?? '').split('=');
    cookies.set(name, value);
  }
  return res;
};
const form = await (await request('/admin/login')).text();
await request('/admin/login', {
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams({ csrf: csrfOf(form), secret }),
});

const stats = await storage.outboxStats();
console.log(
  `seeded ${perDay * 365} orders, ${stats.reduce((n, s) => n + s.count, 0)} outbox rows in ${(seeded / 1000).toFixed(1)} s`,
);
for (const path of [
  '/admin?days=7',
  '/admin?days=30',
  '/admin?days=90',
  '/admin/deliveries',
  '/admin/deliveries?status=dead',
  '/admin/deliveries?order=200-5',
  '/admin/destinations',
]) {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const res = await request(path);
    bytes = (await res.text()).length;
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${path.padEnd(32)} median ${times[2]!.toFixed(0).padStart(5)} ms  ${(bytes / 1024).toFixed(0)} KB`,
  );
}
await storage.close();
rmSync(dir, { recursive: true, force: true });
