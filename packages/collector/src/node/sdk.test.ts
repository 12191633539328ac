import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { COOKIES, purchaseEventId } from '@tandem/protocol';
import { afterAll, describe, expect, it } from 'vitest';
import { metaOn, NOW, order, SERVER_KEY, setup } from '../test-helpers.js';
import { customerFields } from './customer.js';
import { tandemClient, TandemRequestError } from './http-client.js';
import { tandemServer } from './sdk.js';
import { serveCollector } from './server.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-sdk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const customerRequest = () =>
  new Request('https://shop.test/checkout', {
    headers: {
      cookie: `session=secret; ${COOKIES.vidServer}=vid-12345678; ${COOKIES.consent}=1; ${COOKIES.adct}=AD1; _fbp=fb.1.1.2`,
      'user-agent': 'UA/2',
      'sec-gpc': '1',
    },
  });

describe('customer fields', () => {
  it('reads only Tandem cookies, the user agent, GPC and the IP from Fetch and Node requests', () => {
    expect(customerFields(customerRequest())).toEqual({
      cookies: {
        [COOKIES.vidServer]: 'vid-12345678',
        [COOKIES.consent]: '1',
        [COOKIES.adct]: 'AD1',
        _fbp: 'fb.1.1.2',
      },
      user_agent: 'UA/2',
      gpc: true,
    });
    const node = {
      // what the client wrote, then the address the shop's proxy saw: only the proxy's counts
      headers: { cookie: '_fbc=fb.1.2.x', 'x-forwarded-for': '203.0.113.5, 198.51.100.7' },
      socket: { remoteAddress: '10.0.0.1' },
    };
    expect(customerFields(node)).toEqual({ cookies: { _fbc: 'fb.1.2.x' }, ip: '10.0.0.1' });
    expect(customerFields(node, { trustProxy: true })).toEqual({
      cookies: { _fbc: 'fb.1.2.x' },
      ip: '198.51.100.7',
    });
  });
});

describe('in-process SDK', () => {
  it('records an order with the identity read from the customer request', async () => {
    const { app, storage } = setup({}, { destinations: ['meta'] });
    await storage.putSettings(metaOn);
    const receipt = await tandemServer(app).recordOrder(order(), { request: customerRequest() });
    expect(receipt).toEqual({
      kind: 'purchase',
      order_id: '1001',
      event_id: purchaseEventId('1001'),
      created: true,
      destinations: [{ destination: 'meta', status: 'skipped', reason: 'Global Privacy Control' }],
    });
    expect(await storage.getOrder('purchase', '1001')).toMatchObject({
      visitorId: 'vid-12345678',
      userAgent: 'UA/2',
      consent: { ads: true, gpc: true },
      confirmedAt: NOW,
    });
  });

  it('validates like the route', async () => {
    const { app } = setup();
    await expect(tandemServer(app).recordRefund(order({ currency: 'euro' }))).rejects.toThrow('ISO 4217');
  });
});

describe('HTTP client', () => {
  it('posts orders and refunds with the server key and throws 4xx with the collector error', async () => {
    const running = await serveCollector({
      config: { serverKey: SERVER_KEY },
      dbFile: join(dir, 'client.db'),
    });
    try {
      const client = tandemClient({ url: `${running.url}/app-data/`, serverKey: SERVER_KEY });
      const receipt = await client.recordOrder(order(), { request: customerRequest() });
      expect(receipt).toMatchObject({ order_id: '1001', created: true });
      expect((await client.recordOrder(order())).created).toBe(false);
      expect((await client.recordRefund(order())).kind).toBe('refund');
      const bad = tandemClient({
        url: `${running.url}/app-data`,
        serverKey: 'wrong-wrong-wrong-wrong-wrong',
      });
      const error = await bad.recordOrder(order()).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TandemRequestError);
      expect((error as TandemRequestError).detail).toMatchObject({
        code: 'unauthorized',
        where: 'Authorization',
      });
      expect(await running.storage.getOrder('purchase', '1001')).toMatchObject({
        visitorId: 'vid-12345678',
        userAgent: 'UA/2',
      });
    } finally {
      await running.close();
    }
  });
});
