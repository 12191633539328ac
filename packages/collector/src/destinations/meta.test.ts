import { describe, expect, it } from 'vitest';
import type { PlatformRequest } from './types.js';
import { barePurchase, EM, fullPurchase, PH, T0 } from './fixtures.test-helpers.js';
import { meta, MetaOptions } from './meta.js';

const options = MetaOptions.parse({ pixelId: '1234567890' });
const VISITOR_HASH = '0fbc1e193f6396a4804de02365fed8be99e62d0be52d06b130d2d911c9fea5cc';
const whole = async (p: Promise<PlatformRequest>) => {
  const r = await p;
  return { ...r, body: JSON.parse(r.body) as unknown };
};

describe('meta.buildRequest', () => {
  it('maps a full purchase, with the token in the body and never in the URL', async () => {
    const c = fullPurchase({ platformEvent: 'Purchase' });
    const req = await whole(meta.buildRequest([c], { ...options, testEventCode: 'TEST123' }, 'EAAB-secret'));
    expect(req).toEqual({
      url: 'https://graph.facebook.com/v26.0/1234567890/events',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: {
        data: [
          {
            event_name: 'Purchase',
            event_time: T0 / 1000,
            event_id: 'o_00000000001abcdefghijk',
            action_source: 'website',
            event_source_url: 'https://shop.example/checkout/thanks?order=1001',
            user_data: {
              em: [EM],
              ph: [PH],
              external_id: [VISITOR_HASH],
              client_ip_address: '203.0.113.7',
              client_user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
              fbc: 'fb.1.1763640000000.IwAR0abc',
              fbp: 'fb.1.1763600000000.123456789',
            },
            custom_data: {
              value: 59.9,
              currency: 'EUR',
              content_ids: ['sku-1', 'sku-2'],
              contents: [
                { id: 'sku-1', quantity: 2, item_price: 19.95 },
                { id: 'sku-2', quantity: 1, item_price: 20 },
              ],
              content_type: 'product',
              num_items: 3,
              order_id: '1001',
            },
          },
        ],
        test_event_code: 'TEST123',
        access_token: 'EAAB-secret',
      },
    });
    expect(req.url).not.toContain('EAAB');
  });

  it('maps a bare purchase and forwards a five-segment fbc verbatim, dropping a malformed fbp', async () => {
    const c = barePurchase({
      platformEvent: 'Purchase',
      ids: { fbc: 'fb.1.1763640000000.AbC_dEf.Ag', fbp: 'not-a-cookie' },
      userAgent: 'UA',
      pageUrl: 'https://shop.example/t',
      visitorId: undefined,
    });
    const req = await whole(meta.buildRequest([c], { ...options, apiVersion: 'v23.0' }, 'tok'));
    expect(req).toEqual({
      url: 'https://graph.facebook.com/v23.0/1234567890/events',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: {
        data: [
          {
            event_name: 'Purchase',
            event_time: T0 / 1000,
            event_id: 'o_00000000002abcdefghijk',
            action_source: 'website',
            event_source_url: 'https://shop.example/t',
            user_data: {
              client_ip_address: '2001:db8:1234:5678::9',
              client_user_agent: 'UA',
              fbc: 'fb.1.1763640000000.AbC_dEf.Ag',
            },
            custom_data: {
              value: 10,
              currency: 'USD',
              content_ids: ['sku-9'],
              contents: [{ id: 'sku-9', quantity: 1, item_price: 10 }],
              content_type: 'product',
              num_items: 1,
              order_id: '1002',
            },
          },
        ],
        access_token: 'tok',
      },
    });
  });
});

describe('meta.check validates each event before it joins a batch', () => {
  const ok = fullPurchase({ platformEvent: 'Purchase' });
  const day = 86_400_000;
  it.each([
    ['valid', ok, T0, { kind: 'send' }],
    [
      '7 days old',
      ok,
      T0 + 7 * day + 1,
      { kind: 'permanent', reason: 'older than 7 days (Meta rejects it)' },
    ],
    ['future', ok, T0 - 2 * 3_600_000, { kind: 'permanent', reason: 'event time is in the future' }],
    [
      'no user agent',
      { ...ok, userAgent: undefined },
      T0,
      { kind: 'permanent', reason: 'no user agent (Meta requires client_user_agent for website events)' },
    ],
    [
      'no page',
      { ...ok, pageUrl: undefined },
      T0,
      { kind: 'permanent', reason: 'no page URL (Meta requires event_source_url for website events)' },
    ],
    ['no value', { ...ok, value: undefined }, T0, { kind: 'permanent', reason: 'a Purchase needs a value' }],
    [
      'bad currency',
      { ...ok, currency: 'eur' },
      T0,
      { kind: 'permanent', reason: 'a Purchase needs an ISO 4217 currency' },
    ],
  ])('%s', (_name, c, now, decision) => {
    expect(meta.check?.(c, options, { now })).toEqual(decision);
  });
});

describe('meta.classify branches on codes, never on message text', () => {
  const at = (status: number, body: unknown, headers: Record<string, string> = {}) =>
    meta.classify({ status, headers: new Headers(headers), body, receivedAt: T0 });
  const err = (code: number, extra: object = {}) => ({
    error: { message: 'Rate limit reached', type: 'OAuthException', code, fbtrace_id: 'x', ...extra },
  });
  it.each([
    [200, { events_received: 3, messages: [], fbtrace_id: 'x' }, {}, { kind: 'delivered' }],
    [400, err(190), {}, { kind: 'paused', reason: 'access token refused (code 190: Rate limit reached)' }],
    [401, err(190), {}, { kind: 'paused', reason: 'access token refused (code 190: Rate limit reached)' }],
    [400, err(4), {}, { kind: 'retry', reason: 'HTTP 429: code 4: Rate limit reached' }],
    [
      400,
      err(17),
      { 'retry-after': '60' },
      { kind: 'retry', reason: 'HTTP 429: code 17: Rate limit reached', after: 60_000 },
    ],
    [400, err(613), {}, { kind: 'retry', reason: 'HTTP 429: code 613: Rate limit reached' }],
    [400, err(80004), {}, { kind: 'retry', reason: 'HTTP 429: code 80004: Rate limit reached' }],
    [
      400,
      err(2, { is_transient: true }),
      {},
      { kind: 'retry', reason: 'HTTP 429: code 2: Rate limit reached' },
    ],
    [400, err(100), {}, { kind: 'permanent', reason: 'HTTP 400: code 100: Rate limit reached' }],
    [500, 'oops', {}, { kind: 'retry', reason: 'HTTP 500: oops' }],
    [403, '', {}, { kind: 'paused', reason: 'token refused (HTTP 403)' }],
  ])('HTTP %i %j', (status, body, headers, outcome) => {
    expect(at(status, body, headers)).toEqual(outcome);
  });
});
