/**
 * What a flood cannot keep either: bot beacons are answered but counted only (no visitor, no
 * event, no order to forward); past the storage budget beacons are refused with 503 while orders
 * are still taken; visitors whose cookies have expired and that nothing refers to are purged.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import {
  beaconBody,
  order,
  postBeacon,
  postOrder,
  served,
  SERVER_KEY,
  type Served,
} from './served-collector.test-helpers.js';

let target: Served | undefined;
afterEach(() => target?.close());

const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const HEADLESS =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.0.0 Safari/537.36';

describe('bots', () => {
  it('are answered 204, counted in a metric, and never stored or forwarded', async () => {
    target = await served({ trustBrowserPurchases: true });
    const purchase = beaconBody({
      events: [
        {
          id: 'evt-bot-purchase-1',
          name: 'purchase',
          ts: Date.now(),
          url: 'https://shop.test/thanks',
          props: { order_id: 'bot-1', value: 10, currency: 'EUR', products: [{ id: 'p1', price: 10 }] },
        },
      ],
    });
    for (const agent of [GOOGLEBOT, HEADLESS, 'curl/8.5.0'])
      expect((await postBeacon(target.url, purchase, { 'user-agent': agent })).status).toBe(204);
    expect(['events', 'visitors', 'orders', 'outbox'].map((t) => count(target!.dbFile, t))).toEqual([
      0, 0, 0, 0,
    ]);
    const metrics = await fetch(`${target.url}/app-data/metrics`, {
      headers: { authorization: `Bearer ${SERVER_KEY}` },
    });
    expect(await metrics.text()).toContain('tandem_bot_requests_total{route="beacon"} 3');
    // The same beacon from a browser is stored (so the test above can fail).
    expect((await postBeacon(target.url, purchase)).status).toBe(204);
    expect(count(target.dbFile, 'events')).toBe(1);
  });
});

describe('the storage budget', () => {
  it('refuses beacons with 503 past it, and still takes orders', async () => {
    target = await served({
      limits: { storageBudgetMiB: 1, clientEventsPerSecond: 100_000, clientEventBurst: 100_000 },
    });
    const big = () =>
      beaconBody({
        vid: crypto.randomUUID(),
        events: Array.from({ length: 30 }, () => ({
          id: `evt-${crypto.randomUUID()}`,
          name: 'pageView',
          ts: Date.now(),
          url: `https://shop.test/${'x'.repeat(300)}`,
        })),
      });
    let refused: Response | undefined;
    for (let i = 0; i < 400 && !refused; i++) {
      const res = await postBeacon(target.url, big());
      if (res.status === 503) refused = res;
      else expect(res.status).toBe(204);
      // The size is measured in the background, at most once a second.
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 1_100));
    }
    expect(refused).toBeDefined();
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await refused!.json()).toMatchObject({
      error: { code: 'storage_budget', fix: expect.any(String) },
    });
    expect((await postOrder(target.url, order())).status).toBe(201);
  }, 60_000);
});

describe('visitor retention', () => {
  it('purges visitors unseen past the longest cookie lifetime unless an event or order refers to them', async () => {
    target = await served({ visitorCookieDays: 30, cookieDays: 60, cookieLifetimes: { search: 90 } });
    const { storage, collector } = target;
    // The server's start-up purge runs in the background: the same purges queued behind it
    // finish after it, so it cannot delete the visitors seeded below before their order lands.
    await collector.purgeRawEvents();
    await collector.purgeVisitors();
    const day = 86_400_000;
    const seen = (id: string, daysAgo: number) =>
      storage.recordBeacon({ id, seenAt: Date.now() - daysAgo * day, consent: { ads: true } }, []);
    await seen('vid-expired-000', 91);
    await seen('vid-recent-0000', 89);
    await seen('vid-with-event0', 91);
    await seen('vid-with-order0', 91);
    await storage.recordBeacon(
      { id: 'vid-with-event0', seenAt: Date.now() - 91 * day, consent: { ads: true } },
      [
        {
          id: 'evt-kept-000001',
          name: 'pageView',
          visitorId: 'vid-with-event0',
          receivedAt: Date.now(),
          url: 'https://shop.test/',
          props: undefined,
          pixels: undefined,
          consent: { ads: true },
          ids: undefined,
        },
      ],
    );
    expect((await postOrder(target.url, order({ cookies: { _tdm_vid: 'vid-with-order0' } }))).status).toBe(
      201,
    );
    expect(await collector.purgeVisitors()).toBe(1);
    const db = new Database(target.dbFile, { readonly: true });
    const ids = db.prepare('SELECT id FROM visitors ORDER BY id').all();
    db.close();
    expect(ids).toEqual([{ id: 'vid-recent-0000' }, { id: 'vid-with-event0' }, { id: 'vid-with-order0' }]);
  });
});
