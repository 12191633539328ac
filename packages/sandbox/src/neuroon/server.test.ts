import { describe, expect, it } from 'vitest';
import { json, testState } from '../test-helpers.js';
import { neuroonApp } from './server.js';

const creds = {
  apiKey: 'sk_test',
  shopId: 'shop-1',
  origin: 'http://shop.test',
  refundPath: '/track/refund',
};
const catalog = [
  { productId: 'p1', name: 'Trail running shoe', price: 89.5, url: '/products/p1', category: 'shoes' },
  { productId: 'p2', name: 'Rain jacket', price: 120, url: '/products/p2' },
];
const headers = { 'x-shop-api-key': 'sk_test', origin: 'http://shop.test' };
const PATH = '/api/plugin/shops/shop-1/track/conversion';

const body = (over: Record<string, unknown> = {}) => ({
  orderId: 'O-1',
  orderValue: 89.5,
  currency: 'EUR',
  conversions: [{ productId: 'p1', searchLogId: 'sl_1', quantity: 1, lineTotal: 89.5 }],
  ...over,
});

function setup(c = creds) {
  const { state } = testState('neuroon');
  return { app: neuroonApp(state, c, catalog), state };
}

describe('Neuroon conversions', () => {
  it('counts a conversion once per orderId, however often it is sent', async () => {
    const { app, state } = setup();
    const first = await app.request(PATH, json(body(), headers));
    expect({ status: first.status, body: await first.json() }).toEqual({
      status: 200,
      body: { success: true, orderId: 'O-1' },
    });
    expect((await app.request(PATH, json(body(), headers))).status).toBe(200);
    const view = state.ledger.view();
    expect(view.counted).toEqual([
      { path: 'server', event: 'conversion', key: 'O-1', data: body(), time: state.now() },
    ]);
    expect(view.duplicates.length).toBe(1);
  });

  it.each([
    ['a wrong API key', { ...headers, 'x-shop-api-key': 'sk_other' }, PATH, 401, 'Unauthorized'],
    ['no API key', { origin: 'http://shop.test' }, PATH, 401, 'Unauthorized'],
    ['another Origin', { ...headers, origin: 'http://evil.test' }, PATH, 403, 'Forbidden'],
    ['no Origin', { 'x-shop-api-key': 'sk_test' }, PATH, 403, 'Forbidden'],
    ['an unknown shop', headers, '/api/plugin/shops/other/track/conversion', 404, 'Not Found'],
  ])('refuses %s', async (_label, h, path, status, error) => {
    const { app, state } = setup();
    const res = await app.request(path, json(body(), h));
    const answer = (await res.json()) as Record<string, unknown>;
    expect([res.status, answer.status, answer.error, answer.path]).toEqual([status, status, error, path]);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('answers 400 in its error shape when a line lacks searchLogId', async () => {
    const { app, state } = setup();
    const lines = [
      { productId: 'p1', searchLogId: 'sl_1', quantity: 1, lineTotal: 89.5 },
      { productId: 'p2', quantity: 1, lineTotal: 120 },
    ];
    const res = await app.request(PATH, json(body({ conversions: lines }), headers));
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 400,
      body: {
        timestamp: new Date(state.now()).toISOString(),
        status: 400,
        error: 'Bad Request',
        message: 'conversions.1.searchLogId: searchLogId is required on every line',
        path: PATH,
      },
    });
    expect(state.ledger.view().counted).toEqual([]);
  });

  it.each([
    ['a negative orderValue', body({ orderValue: -1 })],
    [
      'an empty searchLogId',
      body({ conversions: [{ productId: 'p1', searchLogId: '', quantity: 1, lineTotal: 1 }] }),
    ],
    ['no lines', body({ conversions: [] })],
    ['no orderId', body({ orderId: undefined })],
    ['a lowercase currency', body({ currency: 'eur' })],
  ])('answers 400 for %s', async (_label, b) => {
    const { app } = setup();
    expect((await app.request(PATH, json(b, headers))).status).toBe(400);
  });

  it('counts refunds at the configured path, once per orderId and amount', async () => {
    const { app, state } = setup({ ...creds, refundPath: '/refunds' });
    const refund = body({ orderValue: 10, conversions: undefined });
    for (const _ of [1, 2])
      expect((await app.request('/api/plugin/shops/shop-1/refunds', json(refund, headers))).status).toBe(200);
    expect((await app.request('/api/plugin/shops/shop-1/track/refund', json(refund, headers))).status).toBe(
      404,
    );
    const view = state.ledger.view();
    expect(view.counted).toEqual([
      { path: 'server', event: 'refund', key: 'O-1|10', data: refund, time: state.now() },
    ]);
    expect(view.duplicates.length).toBe(1);
  });

  it('stages a 500 in its error shape', async () => {
    const { app, state } = setup();
    state.switches.fail({ status: 500, times: 1 });
    const res = await app.request(PATH, json(body(), headers));
    expect([res.status, ((await res.json()) as { error: string }).error]).toEqual([
      500,
      'Internal Server Error',
    ]);
    expect((await app.request(PATH, json(body(), headers))).status).toBe(200);
  });
});

describe('Neuroon search widget API', () => {
  it('answers matching products with a fresh searchLogId', async () => {
    const { app, state } = setup();
    const res = await app.request('/api/plugin/shops/shop-1/search?q=SHOE');
    const answer = (await res.json()) as { searchLogId: string };
    expect({ status: res.status, answer }).toEqual({
      status: 200,
      answer: { searchLogId: answer.searchLogId, query: 'SHOE', results: [catalog[0]] },
    });
    expect(answer.searchLogId).toMatch(/^sl_[0-9a-f]{16}$/);
    const again = (await (
      await app.request('/api/plugin/shops/shop-1/search?q=shoe')
    ).json()) as typeof answer;
    expect(again.searchLogId).not.toBe(answer.searchLogId);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('serves widget.js', async () => {
    const { app } = setup();
    const res = await app.request('/widget.js');
    expect([res.status, (await res.text()).includes('neuroon_clicks=')]).toEqual([200, true]);
  });
});
