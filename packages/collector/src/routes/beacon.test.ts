import { createHash } from 'node:crypto';
import { COOKIES } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { beacon, NOW, postBeacon, setup } from '../test-helpers.js';
import { MAX_BEACON_BYTES } from './beacon.js';

const cookies = (res: Response) => res.headers.getSetCookie();
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('beacon route', () => {
  it('stores the events and the visitor, then sets the server cookies', async () => {
    const { app, storage } = setup({ cookieLifetimes: { adct: 30 } });
    const res = await postBeacon(
      app,
      beacon({ ids: { adct: 'AD1', fbc: 'fb.1.1.abc', utm_source: 'adroll' }, search: { p1: 's1' } }),
    );
    expect(res.status).toBe(204);
    expect(await storage.getEvent('evt-12345678', 'vid-12345678')).toEqual({
      id: 'evt-12345678',
      name: 'pageView',
      visitorId: 'vid-12345678',
      receivedAt: NOW,
      url: 'https://shop.test/',
      props: undefined,
      pixels: undefined,
      consent: { ads: true },
      ids: { adct: 'AD1', fbc: 'fb.1.1.abc', utm_source: 'adroll' },
    });
    expect(await storage.getVisitor('vid-12345678')).toEqual({
      id: 'vid-12345678',
      firstSeen: NOW,
      lastSeen: NOW,
      clickIds: {
        adct: { value: 'AD1', firstSeen: NOW, lastSeen: NOW },
        fbc: { value: 'fb.1.1.abc', firstSeen: NOW, lastSeen: NOW },
        utm_source: { value: 'adroll', firstSeen: NOW, lastSeen: NOW },
      },
      search: { p1: 's1' },
      consent: { ads: true },
      user: {},
    });
    expect(cookies(res)).toEqual([
      `${COOKIES.vidServer}=vid-12345678; Max-Age=${365 * 86400}; Path=/; HttpOnly; SameSite=Lax`,
      `${COOKIES.externalId}=${sha256('vid-12345678')}; Max-Age=${365 * 86400}; Path=/; SameSite=Lax`,
      `${COOKIES.adct}=AD1; Max-Age=${30 * 86400}; Path=/; SameSite=Lax`,
      `${COOKIES.fbc}=fb.1.1.abc; Max-Age=${90 * 86400}; Path=/; SameSite=Lax`,
      `${COOKIES.utm}=${encodeURIComponent('{"utm_source":"adroll"}')}; Max-Age=${90 * 86400}; Path=/; SameSite=Lax`,
      `${COOKIES.search}=${encodeURIComponent('{"p1":"s1"}')}; Max-Age=${90 * 86400}; Path=/; SameSite=Lax`,
    ]);
  });

  it('prefers the HttpOnly visitor cookie over the script one, and marks cookies Secure on https', async () => {
    const { app, storage } = setup({ visitorCookieDays: 400 });
    const res = await app.request('https://shop.test/app-data/e', {
      method: 'POST',
      headers: { cookie: `${COOKIES.vidServer}=server-vid-0001`, origin: 'https://shop.test' },
      body: JSON.stringify(beacon()),
    });
    expect(res.status).toBe(204);
    expect((await storage.getEvent('evt-12345678', 'server-vid-0001'))?.visitorId).toBe('server-vid-0001');
    expect(cookies(res)).toEqual([
      `${COOKIES.vidServer}=server-vid-0001; Max-Age=${400 * 86400}; Path=/; HttpOnly; Secure; SameSite=Lax`,
      `${COOKIES.externalId}=${sha256('server-vid-0001')}; Max-Age=${400 * 86400}; Path=/; Secure; SameSite=Lax`,
    ]);
  });

  it('without ad consent keeps the events anonymous, sets no cookie and clears the server one', async () => {
    const { app, storage } = setup();
    const res = await postBeacon(app, beacon({ consent: { ads: false }, ids: { gclid: 'G1' } }), {
      cookie: `${COOKIES.vidServer}=server-vid-0001`,
    });
    expect(res.status).toBe(204);
    expect(await storage.getEvent('evt-12345678', 'anonymous')).toMatchObject({
      visitorId: 'anonymous',
      ids: undefined,
    });
    expect(await storage.getVisitor('server-vid-0001')).toBeUndefined();
    expect(cookies(res)).toEqual([`${COOKIES.vidServer}=; Max-Age=0; Path=/`]);
  });

  it('accepts listed origins and refuses others before reading the body', async () => {
    const { app, storage } = setup({ allowedOrigins: ['https://www.shop.test'] });
    const ok = await postBeacon(app, beacon(), { origin: 'https://www.shop.test' });
    expect(ok.status).toBe(204);
    const res = await postBeacon(
      app,
      beacon({ events: [{ id: 'evt-evil-0001', name: 'purchase', ts: NOW, url: 'x' }] }),
      {
        origin: 'https://evil.test',
      },
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: {
        code: 'origin_not_allowed',
        message: 'Beacons from this origin are not accepted.',
        where: 'Origin',
        fix: "Serve the tag from the shop's own domain, or add the origin to `allowedOrigins`.",
      },
    });
    expect((await storage.listEvents()).map((e) => e.id)).not.toContain('evt-evil-0001');
  });

  it.each([
    ['not JSON', '{', 400, 'invalid_json', undefined],
    ['wrong version', beacon({ v: 2 }), 400, 'invalid_beacon', 'v'],
    ['no events', beacon({ events: [] }), 400, 'invalid_beacon', 'events'],
    ['unknown field', beacon({ extra: 1 }), 400, 'invalid_beacon', '(body)'],
    ['bad click ID', beacon({ ids: { gclid: '' } }), 400, 'invalid_beacon', 'ids.gclid'],
    ['a JSON array', [], 400, 'invalid_beacon', '(body)'],
  ])('rejects %s with a 400 and writes nothing', async (_name, body, status, code, where) => {
    const { app, storage } = setup();
    const res = await postBeacon(app, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; where?: string } };
    expect([json.error.code, json.error.where]).toEqual([code, where]);
    expect(await storage.listEvents()).toEqual([]);
  });

  it('refuses a body over 16 KiB, declared or chunked', async () => {
    const { app, storage } = setup();
    const big = JSON.stringify(
      beacon({ events: [{ id: 'evt-12345678', name: 'x', ts: 1, url: 'u'.repeat(MAX_BEACON_BYTES) }] }),
    );
    expect((await postBeacon(app, big)).status).toBe(413);
    const chunks = [new TextEncoder().encode(big.slice(0, 9000)), new TextEncoder().encode(big.slice(9000))];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    const res = await app.request('/app-data/e', {
      method: 'POST',
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: { code: 'body_too_large' } });
    expect(await storage.listEvents()).toEqual([]);
  });

  it('rejects bytes that are not UTF-8', async () => {
    const { app } = setup();
    const res = await app.request('/app-data/e', {
      method: 'POST',
      body: new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_unicode', where: '(body) byte 1' } });
  });

  it('never turns a purchase beacon into an order unless trusted', async () => {
    const purchase = beacon({
      events: [
        {
          id: 'o_beacon-0001',
          name: 'purchase',
          ts: NOW,
          url: 'https://shop.test/thanks',
          props: { order_id: 'B1', value: 10, currency: 'EUR', products: [{ id: 'p1', price: 10 }] },
          pixels: { meta: 'blocked' },
        },
      ],
    });
    const untrusted = setup({}, { destinations: ['meta'] });
    expect((await postBeacon(untrusted.app, purchase)).status).toBe(204);
    expect(await untrusted.storage.getOrder('purchase', 'B1')).toBeUndefined();
    expect(await untrusted.storage.listOutbox({})).toEqual([]);

    const trusted = setup({ trustBrowserPurchases: true }, { destinations: ['meta'] });
    expect((await postBeacon(trusted.app, purchase)).status).toBe(204);
    expect(await trusted.storage.getOrder('purchase', 'B1')).toMatchObject({
      source: 'beacon',
      eventId: 'o_beacon-0001',
      value: 10,
      lines: [{ productId: 'p1', quantity: 1, price: 10 }],
      visitorId: 'vid-12345678',
    });
    expect((await trusted.storage.listOutbox({})).map((r) => [r.destination, r.status, r.reason])).toEqual([
      ['meta', 'skipped', 'not configured'],
    ]);
  });
});
