import { describe, expect, it } from 'vitest';
import type { PlatformRequest } from './types.js';
import { barePurchase, fullPurchase, T0 } from './fixtures.test-helpers.js';
import { neuroon, NeuroonOptions } from './neuroon.js';

const options = NeuroonOptions.parse({ shopId: 'shop-42', origin: 'https://shop.example/' });
const whole = async (p: Promise<PlatformRequest>) => {
  const r = await p;
  return { ...r, body: JSON.parse(r.body) as unknown };
};

describe('neuroon.buildRequest', () => {
  it('sends only the lines that came from a search click', async () => {
    const c = fullPurchase({
      platformEvent: 'conversion',
      lines: [
        { productId: 'sku-1', quantity: 3, price: 0.1, searchLogId: 'sl_1' },
        { productId: 'sku-2', quantity: 1, price: 20 },
        { productId: 'sku-3', quantity: 1, price: 9.5, searchLogId: 'sl_3' },
      ],
    });
    expect(await whole(neuroon.buildRequest([c], options, 'sk_live_1'))).toEqual({
      url: 'https://api.neuroon.ai/api/plugin/shops/shop-42/track/conversion',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shop-api-key': 'sk_live_1',
        origin: 'https://shop.example',
      },
      body: {
        orderId: '1001',
        orderValue: 59.9,
        currency: 'EUR',
        conversions: [
          { productId: 'sku-1', searchLogId: 'sl_1', quantity: 3, lineTotal: 0.3 },
          { productId: 'sku-3', searchLogId: 'sl_3', quantity: 1, lineTotal: 9.5 },
        ],
      },
    });
  });

  it('sends a refund to the refund endpoint with a non-negative value', async () => {
    const c = fullPurchase({ shopEvent: 'refund', platformEvent: 'refund', value: -19.95 });
    const dev = NeuroonOptions.parse({ ...options, baseUrl: 'http://127.0.0.1:9999/' });
    expect(await whole(neuroon.buildRequest([c], dev, 'sk_dev'))).toEqual({
      url: 'http://127.0.0.1:9999/api/plugin/shops/shop-42/track/refund',
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-shop-api-key': 'sk_dev',
        origin: 'https://shop.example',
      },
      body: {
        orderId: '1001',
        orderValue: 19.95,
        currency: 'EUR',
        conversions: [{ productId: 'sku-1', searchLogId: 'sl_1', quantity: 2, lineTotal: 39.9 }],
      },
    });
  });

  it('refuses more than one conversion per request', async () => {
    await expect(neuroon.buildRequest([fullPurchase(), fullPurchase()], options, 'k')).rejects.toThrow(
      'neuroon sends exactly one conversion per request',
    );
  });
});

describe('neuroon.plan', () => {
  it('skips a conversion without any searchLogId, and queues one with', () => {
    expect(neuroon.plan(barePurchase(), options, T0)).toEqual({
      kind: 'skipped',
      reason: 'no order line has a searchLogId',
    });
    expect(neuroon.plan(fullPurchase(), options, T0)).toEqual({ kind: 'pending' });
  });
});

describe('neuroon.classify retries only 429/5xx', () => {
  const at = (status: number, body: unknown = '', headers: Record<string, string> = {}) =>
    neuroon.classify({ status, headers: new Headers(headers), body, receivedAt: T0 });
  const error = {
    timestamp: '2026-11-20T12:00:00Z',
    status: 400,
    error: 'Bad Request',
    message: 'searchLogId required',
    path: '/x',
  };
  it.each([
    [200, '', {}, { kind: 'delivered' }],
    [400, error, {}, { kind: 'permanent', reason: `HTTP 400: ${JSON.stringify(error)}` }],
    [401, '', {}, { kind: 'paused', reason: 'token refused (HTTP 401)' }],
    [429, '', { 'retry-after': '30' }, { kind: 'retry', reason: 'HTTP 429', after: 30_000 }],
    [502, 'bad gateway', {}, { kind: 'retry', reason: 'HTTP 502: bad gateway' }],
  ])('HTTP %i', (status, body, headers, outcome) => {
    expect(at(status, body, headers)).toEqual(outcome);
  });
});
