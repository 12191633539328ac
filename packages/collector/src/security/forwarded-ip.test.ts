/**
 * The client IP sent to platforms cannot be written by the client. Behind a proxy that appends to
 * `X-Forwarded-For` (Nginx's `$proxy_add_x_forwarded_for`, many load balancers), a browser that
 * sends its own `X-Forwarded-For` gets it kept in front of the address the proxy saw. Over real
 * HTTP: a browser on 127.0.0.2 forges the header through such a proxy (which reaches its upstreams
 * from 127.0.1.1) to `tandem`'s collector (`trustProxy`) and to a shop confirming the order with
 * `tandemClient` (`trustProxy`). Meta and AdRoll must get 127.0.0.2 for the order the shop's SDK
 * read and for the order whose IP came from the visitor's beacon: never the forged address, nor
 * the proxy's.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { COOKIES } from '@tandem/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scriptedFetch, world, type World } from '../delivery/engine.test-helpers.js';
import { tandemClient } from '../node/http-client.js';
import { serveCollector, type RunningCollector } from '../node/server.js';
import { orderEventId } from '../orders/record.js';
import { BROWSER } from '../test-helpers.js';

const KEY = 'forwarded-ip-server-key-0123456789';
const BROWSER_IP = '127.0.0.2';
const PROXY_IP = '127.0.1.1';
const FORGED = '203.0.113.66';
const VID = 'vid-forwarded-ip-0001';

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
const read = async (stream: IncomingMessage) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString();
};

/** One HTTP exchange from `localAddress`; the status and body. */
function exchange(
  target: string,
  path: string,
  options: { localAddress?: string; headers: Record<string, string>; body: string },
) {
  const [hostname, port] = target.split(':');
  return new Promise<{ status: number; body: string }>((resolve, reject) => {
    const req = request(
      { hostname, port, path, method: 'POST', headers: options.headers, localAddress: options.localAddress },
      (res) => void read(res).then((body) => resolve({ status: res.statusCode ?? 0, body }), reject),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A proxy that appends the address it saw to `X-Forwarded-For`, keeping what the client wrote. */
function appendingProxy(route: (path: string) => string): Server {
  return createServer((req, res) => {
    void read(req).then(async (body) => {
      const seen = req.socket.remoteAddress ?? '';
      const before = req.headers['x-forwarded-for'];
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
      headers['x-forwarded-for'] = before ? `${String(before)}, ${seen}` : seen;
      const answer = await exchange(route(req.url ?? '/'), req.url ?? '/', {
        localAddress: PROXY_IP,
        headers,
        body,
      });
      res.writeHead(answer.status).end(answer.body);
    });
  });
}

let w: World;
let collector: RunningCollector;
const servers: Server[] = [];
let proxy: string;

beforeAll(async () => {
  w = await world();
  collector = await serveCollector({ config: { serverKey: KEY, trustProxy: true }, dbFile: w.storage });
  const orders = tandemClient({ url: `${collector.url}/app-data`, serverKey: KEY, trustProxy: true });
  const shop = createServer((req, res) => {
    void read(req).then(async (orderId) => {
      const order = {
        order_id: orderId,
        value: 30,
        currency: 'EUR',
        page_url: `https://shop.test/t/${orderId}`,
      };
      const receipt = await orders.recordOrder(
        { ...order, products: [{ id: 'p1', quantity: 1, price: 30 }] },
        { request: req },
      );
      res.writeHead(201).end(JSON.stringify(receipt));
    });
  });
  servers.push(shop);
  const shopAt = await listen(shop);
  const collectorAt = new URL(collector.url).host;
  const front = appendingProxy((path) => (path.startsWith('/app-data/') ? collectorAt : shopAt));
  servers.push(front);
  proxy = await listen(front);
});
afterAll(async () => {
  for (const s of servers) s.close();
  await collector?.close();
});

/** What the browser sends through the proxy: its cookies, a browser's user agent and the forged header. */
const browser = (path: string, body: unknown) =>
  exchange(proxy, path, {
    localAddress: BROWSER_IP,
    headers: {
      'x-forwarded-for': FORGED,
      'user-agent': BROWSER,
      cookie: `${COOKIES.vidServer}=${VID}; ${COOKIES.consent}=1`,
      'content-type': 'text/plain',
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
const beacon = (id: string, name: string) => ({
  v: 1,
  vid: VID,
  consent: { ads: true },
  events: [{ id, name, ts: Date.now(), url: 'https://shop.test/t' }],
});

describe('the client IP behind a proxy that appends to X-Forwarded-For', () => {
  it('sends platforms the address the proxy saw, never what the client wrote before it', async () => {
    expect((await browser('/app-data/e', beacon('evt-forwarded-1', 'pageView'))).status).toBe(204);
    // Order S: the shop's SDK reads the IP from the request the proxy passed on.
    expect((await browser('/checkout', 'S1')).status).toBe(201);
    // Order B: confirmed server to server with no IP; the visitor's purchase beacon brings it.
    const cookies = { [COOKIES.vidServer]: VID, [COOKIES.consent]: '1' };
    const bare = {
      order_id: 'B1',
      value: 20,
      currency: 'EUR',
      cookies,
      products: [{ id: 'p1', quantity: 1, price: 20 }],
    };
    const direct = await fetch(`${collector.url}/app-data/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: JSON.stringify(bare),
    });
    expect(direct.status).toBe(201);
    const thanks = beacon(orderEventId('purchase', 'B1'), 'purchase');
    expect((await browser('/app-data/e', thanks)).status).toBe(204);

    const stored = await w.storage.listEvents(10);
    expect(stored.map((e) => e.fullIp)).toEqual([BROWSER_IP, BROWSER_IP]);
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    await w.engine(platform.fetch, { now: Date.now }).runOnce();
    const sent = platform.sent.flatMap((s) =>
      s.destination === 'meta'
        ? (
            s.body as {
              data: Array<{ custom_data: { order_id: string }; user_data: { client_ip_address?: string } }>;
            }
          ).data.map((e) => `meta ${e.custom_data.order_id} ${e.user_data.client_ip_address}`)
        : s.destination === 'adroll'
          ? (s.body as Array<{ event_attributes: { order_id: string }; ip: string }>).map(
              (e) => `adroll ${e.event_attributes.order_id} ${e.ip}`,
            )
          : [],
    );
    expect(sent.sort()).toEqual([
      `adroll B1 ${BROWSER_IP}`,
      `adroll S1 ${BROWSER_IP}`,
      `meta B1 ${BROWSER_IP}`,
      `meta S1 ${BROWSER_IP}`,
    ]);
  }, 30_000);
});
