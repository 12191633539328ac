/**
 * The IP policy over real HTTP, on SQLite: a conversion's full client IP reaches the platforms,
 * analytics see only the truncated one, and once every destination settled the conversion (and a
 * beacon's day is over) no full IP is left anywhere in the database files.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COOKIES } from '@tandem/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { scriptedFetch, world } from '../delivery/engine.test-helpers.js';
import { orderEventId } from '../orders/record.js';
import { serveCollector } from './server.js';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-ip-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KEY = 'ip-policy-server-key-0123456789';
const BEACON_IP = '198.51.100.23';
const ORDER_IP = '2001:db8:77:1::5';

/** Every byte SQLite keeps for the file: the database and its write-ahead log. */
const fileText = (file: string) =>
  [file, `${file}-wal`]
    .filter((f) => existsSync(f))
    .map((f) => readFileSync(f).toString('latin1'))
    .join('');

describe('the IP policy', () => {
  it('forwards full IPs, stores truncated ones, and leaves no full IP once settled', async () => {
    const file = join(dir, 'ip.db');
    const storage = sqliteStorage(file);
    const w = await world({ storage });
    const clock = { offset: 0 };
    const now = () => Date.now() + clock.offset;
    const running = await serveCollector({
      config: { serverKey: KEY, trustProxy: true },
      dbFile: storage,
      deps: { now },
    });
    try {
      const vid = 'vid-ip-policy-0001';
      const post = (path: string, body: unknown, headers: Record<string, string>) =>
        fetch(`${running.url}/app-data${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
      const browser = {
        'x-forwarded-for': BEACON_IP,
        'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0',
        cookie: `${COOKIES.vidServer}=${vid}`,
      };
      const beacon = (id: string, name: string, url: string) => ({
        v: 1,
        vid,
        consent: { ads: true },
        events: [{ id, name, ts: now(), url }],
      });
      const server = { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' };
      const cookies = { [COOKIES.vidServer]: vid, [COOKIES.consent]: '1' };
      const base = { value: 10, currency: 'EUR', products: [{ id: 'p1', quantity: 1, price: 10 }], cookies };

      expect(
        (await post('/e', beacon('evt-page-00001', 'pageView', 'https://shop.test/cart'), browser)).status,
      ).toBe(204);
      // order A: confirmed with no context at all; its purchase beacon brings it
      expect((await post('/orders', { order_id: 'A1', ...base }, server)).status).toBe(201);
      const thanks = beacon(orderEventId('purchase', 'A1'), 'purchase', 'https://shop.test/thanks/A1');
      expect((await post('/e', thanks, browser)).status).toBe(204);
      // order B: the shop sent the customer's IP itself
      const withIp = {
        order_id: 'B1',
        ...base,
        ip: ORDER_IP,
        user_agent: 'UA',
        page_url: 'https://shop.test/t/B1',
      };
      expect((await post('/orders', withIp, server)).status).toBe(201);

      // analytics and the order record see only the truncated forms
      expect((await storage.listEvents()).map((e) => e.ip)).toEqual(['198.51.100.0', '198.51.100.0']);
      expect((await storage.getOrder('purchase', 'B1'))?.ip).toBe('2001:db8:77::');
      expect(fileText(file)).toContain(BEACON_IP);
      expect(fileText(file)).toContain(ORDER_IP);

      const platform = scriptedFetch(() => ({ status: 200, body: {} }));
      await w.engine(platform.fetch, { now }).runOnce();
      const sentIps = platform.sent.flatMap((s) =>
        s.destination === 'meta'
          ? (s.body as { data: Array<{ user_data: { client_ip_address?: string } }> }).data.map(
              (e) => e.user_data.client_ip_address,
            )
          : s.destination === 'adroll'
            ? (s.body as Array<{ ip: string }>).map((e) => e.ip)
            : [],
      );
      expect(sentIps.sort()).toEqual([BEACON_IP, BEACON_IP, ORDER_IP, ORDER_IP].sort());
      // The destinations this test configured (the others skip as not configured).
      const configured = (await storage.listOutbox({})).filter((r) =>
        ['adroll', 'meta', 'neuroon'].includes(r.destination),
      );
      expect(configured.map((r) => r.status).sort()).toEqual([
        'delivered',
        'delivered',
        'delivered',
        'delivered',
        'skipped',
        'skipped',
      ]);
      // settled: no row holds the order's own IP; the cart page's beacon keeps its IP for a day
      const rows = await storage.listOutbox({});
      expect(JSON.stringify(rows)).not.toContain(ORDER_IP);
      expect(JSON.stringify(rows)).not.toContain(BEACON_IP);
      expect((await storage.getEvent('evt-page-00001', vid))?.fullIp).toBe(BEACON_IP);
      clock.offset = 86_400_001;
      await running.collector.purgeRawEvents();
    } finally {
      await running.close();
    }
    const text = fileText(file);
    expect({ beacon: text.includes(BEACON_IP), order: text.includes(ORDER_IP) }).toEqual({
      beacon: false,
      order: false,
    });
  });
});
