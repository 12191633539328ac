/**
 * A stranger posts a purchase beacon carrying a guessable order's event ID before (and after) the
 * customer's own. Over real HTTP against `tandem serve` on SQLite, delivering to the sandbox's
 * AdRoll: the stranger can neither make AdRoll get a server send the customer's pixel made
 * needless, nor stop the send a blocked pixel needs.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { COOKIES, purchaseEventId } from '@tandem/protocol';
import { startSandbox, type Sandbox } from '@tandem/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookiesOf,
  eventually,
  postBeaconTo,
  postOrderTo,
  prepareDb,
  sandboxAdroll,
  serveCli,
  type Served,
} from '../node/served-cli.test-helpers.js';

let sandbox: Sandbox;
let served: Served;
beforeAll(async () => {
  sandbox = await startSandbox({ tls: false });
  const where = await prepareDb([sandboxAdroll(sandbox)]);
  served = await serveCli(where);
}, 30_000);
afterAll(async () => {
  expect(await served?.stop()).toBe(0);
  await sandbox?.close();
  if (served) rmSync(served.dir, { recursive: true, force: true });
});

const purchase = (orderId: string, pixel: 'loaded' | 'blocked', vid: string) => ({
  v: 1,
  vid,
  consent: { ads: true },
  events: [
    {
      id: purchaseEventId(orderId),
      name: 'purchase',
      ts: Date.now(),
      url: 'http://shop.test/thanks',
      props: { order_id: orderId, value: 42.5, currency: 'EUR' },
      pixels: { adroll: pixel },
    },
  ],
});

/** The AdRoll row of an order once settled: its status and how it was delivered. */
async function adrollOutcome(orderId: string) {
  return eventually(() => {
    const db = new Database(served.db, { readonly: true });
    try {
      const row = db
        .prepare("SELECT status, via FROM outbox WHERE destination = 'adroll' AND event_id = ?")
        .get(purchaseEventId(orderId)) as { status: string; via: string | null } | undefined;
      return row && row.status !== 'pending' && row.status !== 'sending' ? row : undefined;
    } finally {
      db.close();
    }
  });
}

const serverSends = (orderId: string) =>
  sandbox.adroll
    .ledger()
    .receipts.filter(
      (r) => r.path === 'server' && JSON.stringify(r.payload).includes(purchaseEventId(orderId)),
    ).length;

/**
 * The customer's visit: a first beacon gets the HttpOnly visitor cookie; the purchase beacon then
 * comes with it, `forgeries` are posted by strangers before and after it, and the shop confirms
 * the order with the customer's cookies.
 */
async function checkout(orderId: string, pixel: 'loaded' | 'blocked', forged: 'loaded' | 'blocked') {
  const first = await postBeaconTo(served.url, {
    v: 1,
    vid: `cust-${orderId}-vid`,
    consent: { ads: true },
    events: [{ id: `pv-${orderId}-0001`, name: 'pageView', ts: Date.now(), url: 'http://shop.test/' }],
  });
  expect(first.status).toBe(204);
  const cookie = cookiesOf(first);
  for (let i = 0; i < 3; i++)
    expect(
      (await postBeaconTo(served.url, purchase(orderId, forged, `stranger-${i}-${orderId}`))).status,
    ).toBe(204);
  expect(
    (await postBeaconTo(served.url, purchase(orderId, pixel, `cust-${orderId}-vid`), cookie)).status,
  ).toBe(204);
  expect((await postBeaconTo(served.url, purchase(orderId, forged, `stranger-9-${orderId}`))).status).toBe(
    204,
  );
  const vid = new RegExp(`${COOKIES.vidServer}=([^;]+)`).exec(cookie)?.[1];
  expect(vid).toBe(`cust-${orderId}-vid`);
  const res = await postOrderTo(served.url, {
    order_id: orderId,
    value: 42.5,
    currency: 'EUR',
    products: [{ id: 'p1', quantity: 1, price: 42.5 }],
    consent: { ads: true },
    cookies: { [COOKIES.vidServer]: vid },
  });
  expect(res.status).toBe(201);
  return adrollOutcome(orderId);
}

describe('forged purchase beacons', () => {
  it("cannot trigger a server send when the customer's pixel loaded", async () => {
    expect(await checkout('2001', 'loaded', 'blocked')).toEqual({ status: 'delivered', via: 'pixel' });
    expect(serverSends('2001')).toBe(0);
  }, 30_000);

  it("cannot suppress the server send when the customer's pixel was blocked", async () => {
    expect(await checkout('2002', 'blocked', 'loaded')).toEqual({ status: 'delivered', via: 'server' });
    expect(serverSends('2002')).toBe(1);
  }, 30_000);
});
