import { describe, expect, it } from 'vitest';
import { json, testState } from '../test-helpers.js';
import { ga4App } from './server.js';

const creds = { measurementId: 'G-TEST1234', apiSecret: 'secret_abcdefgh' };
const Q = `?measurement_id=${creds.measurementId}&api_secret=${creds.apiSecret}`;

function setup() {
  const { state, clock } = testState('ga4');
  return { app: ga4App(state, creds), state, clock };
}

// Google's documented purchase example.
const purchase = (now: number, over: Record<string, unknown> = {}) => ({
  client_id: '1234567890.1700000000',
  timestamp_micros: (now - 60_000) * 1000,
  events: [
    {
      name: 'purchase',
      params: {
        currency: 'USD',
        value: 30.03,
        transaction_id: 'T_12345',
        items: [{ item_id: 'SKU_12345', price: 10.01, quantity: 3 }],
      },
    },
  ],
  ...over,
});

describe('GA4 Measurement Protocol (sandbox)', () => {
  it('answers 204, counts a purchase once per transaction_id, and keeps no api_secret', async () => {
    const { app, state } = setup();
    const a = await app.request(`/mp/collect${Q}`, json(purchase(state.now())));
    const b = await app.request(`/mp/collect${Q}`, json(purchase(state.now())));
    expect([a.status, b.status, await a.text()]).toEqual([204, 204, '']);
    const view = state.ledger.view();
    expect(view.counted.map((c) => c.key)).toEqual(['purchase|T_12345']);
    expect(view.duplicates.map((c) => c.key)).toEqual(['purchase|T_12345']);
    expect(view.receipts[0]?.query).toEqual({ measurement_id: creds.measurementId });
  });

  it('drops silently (still 204) what the validation endpoint would refuse, or another secret', async () => {
    const { app, state } = setup();
    const noCurrency = purchase(state.now(), {
      events: [{ name: 'purchase', params: { value: 1, transaction_id: 'T1' } }],
    });
    expect((await app.request(`/mp/collect${Q}`, json(noCurrency))).status).toBe(204);
    const wrong = `?measurement_id=${creds.measurementId}&api_secret=other_secret`;
    expect((await app.request(`/mp/collect${wrong}`, json(purchase(state.now())))).status).toBe(204);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('lists validation messages on /debug/mp/collect and counts nothing', async () => {
    const { app, state } = setup();
    const ok = await app.request(`/debug/mp/collect${Q}`, json(purchase(state.now())));
    expect(await ok.json()).toEqual({ validationMessages: [] });
    const bad = await app.request(
      `/debug/mp/collect${Q}`,
      json({
        timestamp_micros: (state.now() - 73 * 3_600_000) * 1000,
        events: [
          ...Array.from({ length: 25 }, () => ({ name: 'page_view' })),
          { name: 'session_start' },
          { name: 'purchase', params: { value: 5, items: [{ price: 1 }] } },
        ],
      }),
    );
    const codes = (
      (await bad.json()) as { validationMessages: Array<{ fieldPath: string; validationCode: string }> }
    ).validationMessages.map((m) => [m.fieldPath, m.validationCode]);
    expect(codes).toEqual([
      ['client_id', 'VALUE_REQUIRED'],
      ['timestamp_micros', 'VALUE_OUT_OF_BOUNDS'],
      ['events', 'EXCEEDED_MAX_ENTITIES'],
      ['events[25].name', 'NAME_RESERVED'],
      ['events[26].params.currency', 'VALUE_REQUIRED'],
      ['events[26].params.items[0]', 'VALUE_REQUIRED'],
    ]);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('answers staged outages on both endpoints', async () => {
    const { app, state } = setup();
    state.switches.fail({ status: 500, times: 1 });
    expect((await app.request(`/mp/collect${Q}`, json(purchase(state.now())))).status).toBe(500);
    expect((await app.request(`/mp/collect${Q}`, json(purchase(state.now())))).status).toBe(204);
  });
});
