import { describe, expect, it } from 'vitest';
import type { PlatformRequest } from './types.js';
import { adroll, AdRollOptions } from './adroll.js';
import { barePurchase, EM, fullPurchase, T0 } from './fixtures.test-helpers.js';

const options = AdRollOptions.parse({ advertisableEid: 'ADV123', pixelEid: 'PIX456' });
const whole = async (p: Promise<PlatformRequest>) => {
  const r = await p;
  return { ...r, body: JSON.parse(r.body) as unknown };
};

describe('adroll.buildRequest', () => {
  it('maps a full purchase', async () => {
    expect(await whole(adroll.buildRequest([fullPurchase()], options, 'tok_secret'))).toEqual({
      url: 'https://srv.adroll.com/api?advertisable=ADV123',
      method: 'POST',
      headers: { authorization: 'Token tok_secret', 'content-type': 'application/json' },
      body: [
        {
          advertisable_eid: 'ADV123',
          pixel_eid: 'PIX456',
          event_name: 'purchase',
          page_location: 'https://shop.example/checkout/thanks?order=1001',
          ip: '203.0.113.7',
          user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
          timestamp: T0 / 1000,
          conversion_value: 59.9,
          currency: 'EUR',
          event_attributes: {
            order_id: '1001',
            products: [
              { product_id: 'sku-1', price: 19.95, quantity: 2, category: 'shoes' },
              { product_id: 'sku-2', price: 20, quantity: 1 },
            ],
          },
          external_data: '{"tandem_event_id":"o_00000000001abcdefghijk"}',
          identifiers: {
            first_party_cookie: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6-1763600000000',
            adct: 'adct-xyz',
            email_sha256: EM,
          },
        },
      ],
    });
  });

  it('generates a first-party cookie, stable per visitor, only when the browser had none', async () => {
    const dry = AdRollOptions.parse({ advertisableEid: 'ADV 1', pixelEid: 'P', dryRun: true });
    const req = await whole(adroll.buildRequest([barePurchase()], dry, 't'));
    expect(req).toEqual({
      url: 'https://srv.adroll.com/api?advertisable=ADV%201&dry_run=true',
      method: 'POST',
      headers: { authorization: 'Token t', 'content-type': 'application/json' },
      body: [
        {
          advertisable_eid: 'ADV 1',
          pixel_eid: 'P',
          event_name: 'purchase',
          page_location: 'https://shop.example/thanks',
          ip: '2001:db8:1234:5678::9',
          timestamp: T0 / 1000,
          conversion_value: 10,
          currency: 'USD',
          event_attributes: { order_id: '1002', products: [{ product_id: 'sku-9', price: 10, quantity: 1 }] },
          external_data: '{"tandem_event_id":"o_00000000002abcdefghijk"}',
          identifiers: { first_party_cookie: `8f9cc6f6588c8890f67aec322e310d2a-${T0 - 3 * 86_400_000}` },
        },
      ],
    });
  });

  it("keeps the stand-in cookie the same across one visitor's conversions, and apart between visitors", async () => {
    const fpc = async (c: ReturnType<typeof barePurchase>) => {
      const [event] = JSON.parse((await adroll.buildRequest([c], options, 't')).body) as Array<{
        identifiers: { first_party_cookie: string };
      }>;
      return event!.identifiers.first_party_cookie;
    };
    const first = await fpc(barePurchase());
    expect(await fpc(barePurchase({ eventId: 'o_other', time: T0 + 86_400_000 }))).toBe(first);
    expect(await fpc(barePurchase({ visitorId: 'vis_0002' }))).not.toBe(first);
    expect(first).toMatch(/^[0-9a-f]{32}-\d{13}$/);
  });

  it('never builds an event without page_location or ip (AdRoll requires both)', async () => {
    const { pageUrl: _p, ...noPage } = barePurchase();
    const { ip: _i, ...noIp } = barePurchase();
    await expect(adroll.buildRequest([noPage], options, 't')).rejects.toThrow('page_location');
    await expect(adroll.buildRequest([noIp], options, 't')).rejects.toThrow('AdRoll requires ip');
    const always = AdRollOptions.parse({ advertisableEid: 'A', pixelEid: 'P', dedup: 'always' });
    expect(adroll.check?.(noIp, always, { now: T0 })).toEqual({
      kind: 'permanent',
      reason: 'no client IP (AdRoll requires ip)',
    });
  });

  it('batches several conversions into one array', async () => {
    const req = await whole(adroll.buildRequest([fullPurchase(), barePurchase()], options, 't'));
    expect((req.body as Array<{ external_data: string }>).map((e) => e.external_data)).toEqual([
      '{"tandem_event_id":"o_00000000001abcdefghijk"}',
      '{"tandem_event_id":"o_00000000002abcdefghijk"}',
    ]);
  });
});

describe('adroll.plan and check', () => {
  const always = AdRollOptions.parse({ advertisableEid: 'A', pixelEid: 'P', dedup: 'always' });
  const noAttribution = AdRollOptions.parse({ advertisableEid: 'A', pixelEid: 'P', attributionAware: false });
  const cases: Array<
    [string, Parameters<typeof adroll.plan>[0], AdRollOptions, ReturnType<typeof adroll.plan>]
  > = [
    [
      'no adct',
      barePurchase(),
      options,
      { kind: 'skipped', reason: 'attribution-aware: the visitor has no adct' },
    ],
    [
      'adct past the window',
      fullPurchase({ adctSeenAt: T0 - 31 * 86_400_000 }),
      options,
      { kind: 'skipped', reason: 'attribution-aware: adct older than 30 days' },
    ],
    ['pixel blocked: send now', fullPurchase(), options, { kind: 'pending' }],
    [
      'pixel loaded: settle at send time',
      fullPurchase({ pixels: { adroll: 'loaded' } }),
      options,
      { kind: 'pending' },
    ],
    [
      'no beacon yet: wait the grace period',
      fullPurchase({ pixels: undefined }),
      options,
      { kind: 'pending', delayMs: 300_000 },
    ],
    [
      'pixel pending: wait',
      fullPurchase({ pixels: { adroll: 'pending' } }),
      options,
      { kind: 'pending', delayMs: 300_000 },
    ],
    ['always mode', fullPurchase({ pixels: undefined }), always, { kind: 'pending' }],
    ['attribution off', barePurchase(), noAttribution, { kind: 'pending', delayMs: 300_000 }],
  ];
  it.each(cases)('plan: %s', (_name, conversion, o, decision) => {
    expect(adroll.plan(conversion, o, T0)).toEqual(decision);
  });

  it('settles as delivered by the pixel when the beacon that came later says it loaded', () => {
    const c = fullPurchase({ pixels: undefined });
    expect(adroll.check?.(c, options, { now: T0, pixels: { adroll: 'loaded' } })).toEqual({
      kind: 'delivered-by-pixel',
    });
    expect(adroll.check?.(c, options, { now: T0, pixels: { adroll: 'blocked' } })).toEqual({ kind: 'send' });
    expect(adroll.check?.(c, options, { now: T0 })).toEqual({ kind: 'send' });
    expect(adroll.check?.(c, always, { now: T0, pixels: { adroll: 'loaded' } })).toEqual({ kind: 'send' });
  });
});

describe('adroll.classify', () => {
  const at = (status: number, headers: Record<string, string> = {}) =>
    adroll.classify({ status, headers: new Headers(headers), body: '', receivedAt: T0 });
  it.each([
    [200, {}, { kind: 'delivered' }],
    [202, {}, { kind: 'delivered' }],
    [401, {}, { kind: 'paused', reason: 'token refused (HTTP 401)' }],
    [403, {}, { kind: 'paused', reason: 'token refused (HTTP 403)' }],
    [408, {}, { kind: 'retry', reason: 'HTTP 408' }],
    [429, { 'retry-after': '7' }, { kind: 'retry', reason: 'HTTP 429', after: 7_000 }],
    [503, {}, { kind: 'retry', reason: 'HTTP 503' }],
    [400, {}, { kind: 'permanent', reason: 'HTTP 400' }],
    [404, {}, { kind: 'permanent', reason: 'HTTP 404' }],
  ])('HTTP %i', (status, headers, outcome) => {
    expect(at(status, headers)).toEqual(outcome);
  });
});
