import { COOKIES, purchaseEventId } from '@tandem/protocol';
import { describe, expect, it, vi } from 'vitest';
import { sha256Hex } from '../privacy/hash.js';
import { beacon, metaOn, NOW, order, postBeacon, postOrder, setup } from '../test-helpers.js';

const destinations = ['meta', 'adroll'];

describe('orders route', () => {
  it('records the order, hashed and truncated, and answers each destination plan', async () => {
    const wake = vi.fn();
    const { app, storage } = setup({}, { destinations, onOrderRecorded: wake });
    await storage.putSettings(metaOn);
    const res = await postOrder(
      app,
      order({
        email: ' John_Smith@gmail.com ',
        phone: '+1 (650) 555-1212',
        ip: '203.0.113.77',
        user_agent: 'UA/1',
        consent: { ads: true },
      }),
    );
    expect(res.status).toBe(201);
    const eventId = purchaseEventId('1001');
    expect(await res.json()).toEqual({
      kind: 'purchase',
      order_id: '1001',
      event_id: eventId,
      created: true,
      destinations: [
        { destination: 'meta', status: 'queued' },
        { destination: 'adroll', status: 'skipped', reason: 'not configured' },
      ],
    });
    expect(await storage.getOrder('purchase', '1001')).toEqual({
      orderId: '1001',
      kind: 'purchase',
      eventId,
      value: 42.5,
      currency: 'EUR',
      lines: [{ productId: 'p1', quantity: 2, price: 21.25 }],
      user: {
        em: '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
        ph: await sha256Hex('16505551212'),
        // Google's phone digest (E.164, with its `+`), for Google Ads' enhanced conversions.
        gph: await sha256Hex('+16505551212'),
      },
      ip: '203.0.113.0',
      userAgent: 'UA/1',
      consent: { ads: true },
      source: 'server',
      confirmedAt: NOW,
    });
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('is idempotent by order ID: the second call changes nothing', async () => {
    const wake = vi.fn();
    const { app, storage } = setup({}, { destinations, onOrderRecorded: wake });
    await storage.putSettings(metaOn);
    const first = await (await postOrder(app, order({ consent: { ads: true } }))).json();
    const again = await postOrder(app, order({ value: 1, consent: { ads: true } }));
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ ...(first as object), created: false });
    expect((await storage.getOrder('purchase', '1001'))?.value).toBe(42.5);
    expect(await storage.listOutbox({})).toHaveLength(2);
    expect(wake).toHaveBeenCalledTimes(1);
  });

  it('joins the visitor through the customer cookies and the purchase beacon through the event ID', async () => {
    const { app, storage } = setup({}, { destinations });
    await storage.putSettings(metaOn);
    const eventId = purchaseEventId('1001');
    await postBeacon(
      app,
      beacon({
        ids: { adct: 'AD1', fbp: 'fb.1.1.1' },
        search: { p1: 'log-1' },
        events: [
          {
            id: eventId,
            name: 'purchase',
            ts: NOW,
            url: 'https://shop.test/thanks',
            pixels: { meta: 'blocked', adroll: 'loaded' },
          },
        ],
      }),
    );
    const res = await postOrder(
      app,
      order({
        cookies: {
          [COOKIES.vid]: 'vid-12345678',
          [COOKIES.consent]: '1',
          [COOKIES.fbc]: 'fb.1.2.click',
          other: 'x',
        },
      }),
    );
    expect(res.status).toBe(201);
    const [row] = await storage.listOutbox({ destination: 'meta' });
    expect(row?.payload).toEqual({
      eventId,
      shopEvent: 'purchase',
      platformEvent: 'Purchase',
      time: NOW,
      orderId: '1001',
      value: 42.5,
      currency: 'EUR',
      lines: [{ productId: 'p1', quantity: 2, price: 21.25, searchLogId: 'log-1' }],
      pageUrl: 'https://shop.test/thanks',
      user: {},
      ids: { adct: 'AD1', fbp: 'fb.1.1.1', fbc: 'fb.1.2.click' },
      adctSeenAt: NOW,
      visitorId: 'vid-12345678',
      visitorFirstSeen: NOW,
      consent: { ads: true },
      pixels: { meta: 'blocked', adroll: 'loaded' },
    });
  });

  it('skips every destination without ad consent (opt-in default) or with GPC', async () => {
    const { app, storage } = setup({}, { destinations: ['meta'] });
    await storage.putSettings(metaOn);
    const noConsent = await (await postOrder(app, order())).json();
    expect(noConsent).toMatchObject({
      destinations: [{ destination: 'meta', status: 'skipped', reason: 'no ad consent' }],
    });
    const gpc = await (
      await postOrder(app, order({ order_id: '1002', gpc: true, consent: { ads: true, gpc: true } }))
    ).json();
    expect(gpc).toMatchObject({
      destinations: [{ destination: 'meta', status: 'skipped', reason: 'Global Privacy Control' }],
    });
  });

  it('records refunds under their own event ID', async () => {
    const { app, storage } = setup({}, { destinations: ['meta'] });
    await storage.putSettings(metaOn);
    await postOrder(app, order({ consent: { ads: true } }));
    const res = await postOrder(app, order({ consent: { ads: true } }), { path: '/app-data/refunds' });
    expect(res.status).toBe(201);
    const body = (await res.json()) as { event_id: string; kind: string };
    expect(body.kind).toBe('refund');
    expect(body.event_id).toBe(`r_${purchaseEventId('1001').slice(2)}`);
    expect((await storage.listOutbox({})).map((r) => r.eventId).sort()).toEqual(
      [body.event_id, purchaseEventId('1001')].sort(),
    );
  });

  it.each([
    ['no key', null, 'unauthorized'],
    ['a wrong key', 'wrong-key-wrong-key-wrong-key', 'unauthorized'],
    ['a key with a different length', 'x', 'unauthorized'],
  ])('refuses %s with 401 and writes nothing', async (_name, key, code) => {
    const { app, storage } = setup();
    const res = await postOrder(app, order(), { key });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code, where: 'Authorization' } });
    expect(await storage.getOrder('purchase', '1001')).toBeUndefined();
  });

  it('accepts no order at all when no server key is configured', async () => {
    const { app } = setup({ serverKey: undefined });
    const res = await postOrder(app, order());
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: { code: 'server_key_not_set' } });
  });

  it.each([
    ['not JSON', '{"order_id":', 400, 'invalid_json', undefined],
    ['a negative value', order({ value: -1 }), 400, 'invalid_order', 'value'],
    ['a lowercase currency', order({ currency: 'eur' }), 400, 'invalid_order', 'currency'],
    [
      'a line without price',
      order({ products: [{ id: 'p1', quantity: 1 }] }),
      400,
      'invalid_order',
      'products.0.price',
    ],
    ['an unknown field', order({ coupon: 'X' }), 400, 'invalid_order', '(body)'],
    ['a too short event ID', order({ event_id: 'x' }), 400, 'invalid_order', 'event_id'],
  ])('rejects %s and writes nothing', async (_name, body, status, code, where) => {
    const { app, storage } = setup({}, { destinations });
    const res = await postOrder(app, body);
    expect(res.status).toBe(status);
    const json = (await res.json()) as { error: { code: string; where?: string } };
    expect([json.error.code, json.error.where]).toEqual([code, where]);
    expect(await storage.listOutbox({})).toEqual([]);
  });

  it('rejects a non-JSON content type and a body over 64 KiB', async () => {
    const { app } = setup();
    const text = await postOrder(app, order(), { headers: { 'content-type': 'text/plain' } });
    expect(text.status).toBe(415);
    const big = await postOrder(app, order({ page_url: 'u'.repeat(70_000) }));
    expect(big.status).toBe(413);
  });
});
