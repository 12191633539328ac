import { describe, expect, it } from 'vitest';
import type { PlatformRequest } from './types.js';
import { barePurchase, EM, fullPurchase, PH, T0 } from './fixtures.test-helpers.js';
import { tiktok, TiktokOptions } from './tiktok.js';

const options = TiktokOptions.parse({ pixelCode: 'C4ABCDEFGHIJKLMNOPQR' });
/** SHA-256 of the fixture's visitor ID, as Meta's `external_id` gets it too. */
const VISITOR_HASH = '0fbc1e193f6396a4804de02365fed8be99e62d0be52d06b130d2d911c9fea5cc';
const whole = async (p: Promise<PlatformRequest>) => {
  const r = await p;
  return { ...r, body: JSON.parse(r.body) as unknown };
};

describe('tiktok.buildRequest, shaped as the example in TikTok Events API 2.0 reference', () => {
  it('maps a full purchase, with the token in the Access-Token header only', async () => {
    const c = fullPurchase({
      platformEvent: 'CompletePayment',
      ids: { ttclid: 'E.C.P.v3Kq9Zx', ttp: '2KqzYd7h0A8k9uR1lE3V0c0Hn9f', fbc: 'fb.1.1.x' },
    });
    const req = await whole(
      tiktok.buildRequest([c], { ...options, testEventCode: 'TEST40512' }, 'tt-secret-token'),
    );
    expect(req).toEqual({
      url: 'https://business-api.tiktok.com/open_api/v1.3/event/track/',
      method: 'POST',
      headers: { 'access-token': 'tt-secret-token', 'content-type': 'application/json' },
      body: {
        event_source: 'web',
        event_source_id: 'C4ABCDEFGHIJKLMNOPQR',
        test_event_code: 'TEST40512',
        data: [
          {
            event: 'CompletePayment',
            event_time: T0 / 1000,
            event_id: 'o_00000000001abcdefghijk',
            user: {
              email: EM,
              phone: PH,
              external_id: VISITOR_HASH,
              ttclid: 'E.C.P.v3Kq9Zx',
              ttp: '2KqzYd7h0A8k9uR1lE3V0c0Hn9f',
              ip: '203.0.113.7',
              user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
            },
            properties: {
              value: 59.9,
              currency: 'EUR',
              contents: [
                { content_id: 'sku-1', content_type: 'product', quantity: 2, price: 19.95 },
                { content_id: 'sku-2', content_type: 'product', quantity: 1, price: 20 },
              ],
              content_type: 'product',
              order_id: '1001',
            },
            page: { url: 'https://shop.example/checkout/thanks?order=1001' },
          },
        ],
      },
    });
    expect(req.url + JSON.stringify(req.body)).not.toContain('tt-secret-token');
  });

  it('maps a bare purchase of an unknown visitor: no user data it does not have', async () => {
    const c = barePurchase({ platformEvent: 'CompletePayment', visitorId: undefined });
    const req = await whole(
      tiktok.buildRequest([c], TiktokOptions.parse({ ...options, baseUrl: 'http://127.0.0.1:9/' }), 't'),
    );
    expect(req).toEqual({
      url: 'http://127.0.0.1:9/open_api/v1.3/event/track/',
      method: 'POST',
      headers: { 'access-token': 't', 'content-type': 'application/json' },
      body: {
        event_source: 'web',
        event_source_id: 'C4ABCDEFGHIJKLMNOPQR',
        data: [
          {
            event: 'CompletePayment',
            event_time: T0 / 1000,
            event_id: 'o_00000000002abcdefghijk',
            user: { ip: '2001:db8:1234:5678::9' },
            properties: {
              value: 10,
              currency: 'USD',
              contents: [{ content_id: 'sku-9', content_type: 'product', quantity: 1, price: 10 }],
              content_type: 'product',
              order_id: '1002',
            },
            page: { url: 'https://shop.example/thanks' },
          },
        ],
      },
    });
  });

  it('puts a batch of conversions in one request, in order', async () => {
    const batch = [fullPurchase(), barePurchase()].map((c) => ({ ...c, platformEvent: 'CompletePayment' }));
    const req = await whole(tiktok.buildRequest(batch, options, 't'));
    const data = (req.body as { data: Array<{ event_id: string }> }).data;
    expect(data.map((e) => e.event_id)).toEqual(['o_00000000001abcdefghijk', 'o_00000000002abcdefghijk']);
  });
});

describe('tiktok.check validates each event before it joins a batch', () => {
  const ok = fullPurchase({ platformEvent: 'CompletePayment' });
  it.each([
    ['valid', ok, T0, { kind: 'send' }],
    ['future', ok, T0 - 2 * 3_600_000, { kind: 'permanent', reason: 'event time is in the future' }],
    [
      'no page',
      { ...ok, pageUrl: undefined },
      T0,
      { kind: 'permanent', reason: 'no page URL (TikTok matches web events on page.url)' },
    ],
    ['NaN value', { ...ok, value: NaN }, T0, { kind: 'permanent', reason: 'the value is not a number' }],
    [
      'value without currency',
      { ...ok, currency: undefined },
      T0,
      { kind: 'permanent', reason: 'a value needs an ISO 4217 currency' },
    ],
    ['no value at all', { ...ok, value: undefined, currency: undefined }, T0, { kind: 'send' }],
  ])('%s', (_name, c, now, decision) => {
    expect(tiktok.check?.(c, options, { now })).toEqual(decision);
  });
});

describe('tiktok.classify reads the body code, not only the HTTP status', () => {
  const at = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    tiktok.classify({ status, headers: new Headers(headers), body, receivedAt: T0 });
  const answer = (code: number, message = 'OK') => ({ code, message, request_id: 'r1', data: {} });
  it.each([
    [200, answer(0), {}, { kind: 'delivered' }],
    [
      200,
      answer(40105, 'Access token is incorrect'),
      {},
      { kind: 'paused', reason: 'access token refused (code 40105: Access token is incorrect)' },
    ],
    [
      200,
      answer(40104, 'Access token is empty'),
      {},
      { kind: 'paused', reason: 'access token refused (code 40104: Access token is empty)' },
    ],
    [
      200,
      answer(40001, 'No permission'),
      {},
      { kind: 'paused', reason: 'access token refused (code 40001: No permission)' },
    ],
    [
      200,
      answer(40100, 'Too many requests'),
      { 'retry-after': '30' },
      { kind: 'retry', reason: 'HTTP 429: code 40100: Too many requests', after: 30_000 },
    ],
    [200, answer(51000, 'System error'), {}, { kind: 'retry', reason: 'HTTP 429: code 51000: System error' }],
    [
      200,
      answer(40002, 'data[0].event is required'),
      {},
      { kind: 'permanent', reason: 'code 40002: data[0].event is required' },
    ],
    [
      200,
      '<html>proxy</html>',
      {},
      { kind: 'retry', reason: 'HTTP 200 without a code: <html>proxy</html>', maybeSent: true },
    ],
    [503, 'down', {}, { kind: 'retry', reason: 'HTTP 503: down' }],
    [401, answer(40105, 'bad'), {}, { kind: 'paused', reason: 'token refused (HTTP 401: code 40105: bad)' }],
    [400, answer(40002, 'bad'), {}, { kind: 'permanent', reason: 'HTTP 400: code 40002: bad' }],
  ])('HTTP %i %j', (status, body, headers, outcome) => {
    expect(at(status, body, headers)).toEqual(outcome);
  });
});

describe('tiktok options', () => {
  it('refuses a pixel code that is not one, and defaults the rest', () => {
    expect(TiktokOptions.safeParse({ pixelCode: 'c4-lowercase' }).success).toBe(false);
    expect(options).toEqual({
      pixelCode: 'C4ABCDEFGHIJKLMNOPQR',
      baseUrl: 'https://business-api.tiktok.com',
      contextGraceSeconds: 120,
      perMinute: 600,
      concurrency: 2,
    });
  });
});
