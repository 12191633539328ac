import { describe, expect, it } from 'vitest';
import { gaClientId } from '../identity/cookies.js';
import { barePurchase, fullPurchase, T0 } from './fixtures.test-helpers.js';
import { ga4, ga4ClientId, Ga4Options } from './ga4.js';
import type { PlatformRequest, PlatformResponse } from './types.js';

const options = Ga4Options.parse({ measurementId: 'G-ABC123XYZ' });
const whole = async (p: Promise<PlatformRequest>) => {
  const r = await p;
  return { ...r, body: JSON.parse(r.body) as unknown };
};
const response = (status: number, body: unknown): PlatformResponse => ({
  status,
  headers: new Headers(),
  body,
  receivedAt: T0,
});

describe('ga4.buildRequest', () => {
  // Google's documented purchase example: transaction T_12345, 30.03 USD, three of SKU_12345.
  it('sends a purchase with the _ga client ID, transaction ID, items, value and currency', async () => {
    const c = fullPurchase({
      orderId: 'T_12345',
      value: 30.03,
      currency: 'USD',
      lines: [{ productId: 'SKU_12345', quantity: 3, price: 10.01 }],
      ids: { ga: '1234567890.1700000000', gclid: 'g' },
    });
    expect(await whole(ga4.buildRequest([c], options, 'secret_1234567'))).toEqual({
      url: 'https://www.google-analytics.com/mp/collect?measurement_id=G-ABC123XYZ&api_secret=secret_1234567',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: {
        client_id: '1234567890.1700000000',
        timestamp_micros: T0 * 1000,
        events: [
          {
            name: 'purchase',
            params: {
              transaction_id: 'T_12345',
              value: 30.03,
              currency: 'USD',
              items: [{ item_id: 'SKU_12345', quantity: 3, price: 10.01 }],
              engagement_time_msec: 1,
            },
          },
        ],
      },
    });
  });

  it('sends a refund with positive amounts, and uses the validation endpoint in dry run', async () => {
    const dry = Ga4Options.parse({
      ...options,
      dryRun: true,
      baseUrl: 'https://region1.google-analytics.com/',
    });
    const c = fullPurchase({ shopEvent: 'refund', platformEvent: 'refund', value: -19.95, lines: [] });
    const r = await whole(ga4.buildRequest([c], dry, 'secret_1234567'));
    expect(r.url).toBe(
      'https://region1.google-analytics.com/debug/mp/collect?measurement_id=G-ABC123XYZ&api_secret=secret_1234567',
    );
    expect(r.body).toMatchObject({
      events: [
        {
          name: 'refund',
          params: { transaction_id: '1001', value: 19.95, currency: 'EUR', engagement_time_msec: 1 },
        },
      ],
    });
  });
});

describe('GA4 client ID', () => {
  it("reads the _ga cookie's last two parts, and refuses what is not a _ga value", () => {
    expect(gaClientId('GA1.1.1234567890.1700000000')).toBe('1234567890.1700000000');
    expect(gaClientId('GA1.2.987.654')).toBe('987.654');
    expect(gaClientId('1234567890.1700000000')).toBeUndefined();
    expect(gaClientId('GA1.1.abc.1700000000')).toBeUndefined();
  });

  it('derives a stable one per visitor when there is no _ga cookie, in the same shape', async () => {
    const a = await ga4ClientId(barePurchase());
    expect(a).toMatch(/^\d{1,10}\.\d{10}$/);
    expect(a.endsWith(`.${Math.floor((T0 - 3 * 86_400_000) / 1000)}`)).toBe(true);
    expect(await ga4ClientId(barePurchase({ orderId: 'other', eventId: 'e2' }))).toBe(a);
    expect(await ga4ClientId(barePurchase({ visitorId: 'vis_0002' }))).not.toBe(a);
  });
});

describe('ga4 answers and checks', () => {
  it('reads validation messages as a refusal, and the production 204 as delivered', () => {
    expect(ga4.classify(response(204, ''))).toEqual({ kind: 'delivered' });
    expect(ga4.classify(response(200, { validationMessages: [] }))).toEqual({ kind: 'delivered' });
    expect(
      ga4.classify(
        response(200, {
          validationMessages: [
            {
              fieldPath: 'events[0].params.currency',
              description: 'currency is required',
              validationCode: 'VALUE_REQUIRED',
            },
          ],
        }),
      ),
    ).toEqual({
      kind: 'permanent',
      reason: 'GA4 validation: VALUE_REQUIRED at events[0].params.currency: currency is required',
    });
    expect(ga4.classify(response(503, 'busy')).kind).toBe('retry');
  });

  it('does not send what GA4 would drop: older than 72 hours, a value without currency', () => {
    const check = (c: ReturnType<typeof barePurchase>, now = T0) => ga4.check?.(c, options, { now });
    expect(check(barePurchase())).toEqual({ kind: 'send' });
    expect(check(barePurchase(), T0 + 73 * 3_600_000)).toEqual({
      kind: 'permanent',
      reason: 'older than 72 hours (GA4 drops it)',
    });
    expect(check(barePurchase({ currency: undefined }))?.kind).toBe('permanent');
  });
});
