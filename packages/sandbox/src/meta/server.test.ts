import { describe, expect, it } from 'vitest';
import { json, testState } from '../test-helpers.js';
import { metaApp } from './server.js';

const creds = { accessToken: 'meta-tok', pixelId: '998877' };
const PATH = '/v21.0/998877/events';
const HOUR = 3_600_000;

function setup() {
  const { state, clock } = testState('meta');
  return { app: metaApp(state, creds), state, clock };
}

const event = (nowMs: number, over: Record<string, unknown> = {}) => ({
  event_name: 'Purchase',
  event_time: Math.floor(nowMs / 1000) - 60,
  event_id: 'O-1',
  action_source: 'website',
  event_source_url: 'http://shop.test/thanks',
  user_data: { client_user_agent: 'Mozilla/5.0', fbc: 'fb.1.1795338000000.abc' },
  custom_data: { value: 59.9, currency: 'EUR' },
  ...over,
});

const send = (app: ReturnType<typeof setup>['app'], data: unknown[], extra: Record<string, unknown> = {}) =>
  app.request(PATH, json({ data, access_token: 'meta-tok', ...extra }));

const pixel = (app: ReturnType<typeof setup>['app'], call: Record<string, unknown>) =>
  app.request('/__sandbox/pixel', { method: 'POST', body: JSON.stringify(call) });

interface GraphErrorBody {
  error: { message: string; type: string; code: number; error_subcode: number; is_transient: boolean };
}

describe('Meta Conversions API', () => {
  it('accepts valid events with the documented success body and keeps no token', async () => {
    const { app, state } = setup();
    const res = await send(app, [event(state.now())]);
    const body = (await res.json()) as { fbtrace_id: string };
    expect({ status: res.status, body }).toEqual({
      status: 200,
      body: { events_received: 1, messages: [], fbtrace_id: body.fbtrace_id },
    });
    const view = state.ledger.view();
    expect(view.counted).toEqual([
      { path: 'server', event: 'Purchase', key: 'Purchase|O-1', data: event(state.now()), time: state.now() },
    ]);
    expect(view.receipts[0]?.payload).toEqual({ data: [event(state.now())] });
  });

  it('takes the token from the query too, without keeping it', async () => {
    const { app, state } = setup();
    const res = await app.request(`${PATH}?access_token=meta-tok`, json({ data: [event(state.now())] }));
    expect(res.status).toBe(200);
    expect(state.ledger.view().receipts[0]?.query).toEqual({});
  });

  it.each([
    ['missing', undefined, 400],
    ['wrong', 'other', 401],
  ])('answers code 190 when the token is %s', async (_label, token, status) => {
    const { app, state } = setup();
    const res = await app.request(PATH, json({ data: [event(state.now())], access_token: token }));
    const body = (await res.json()) as GraphErrorBody;
    expect([res.status, body.error.code, body.error.type, body.error.is_transient]).toEqual([
      status,
      190,
      'OAuthException',
      false,
    ]);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('answers 400 for an unknown pixel', async () => {
    const { app, state } = setup();
    const res = await app.request(
      '/v21.0/111/events',
      json({ data: [event(state.now())], access_token: 'meta-tok' }),
    );
    expect(res.status).toBe(400);
  });

  const without = (key: string) => (now: number) => {
    const e: Record<string, unknown> = event(now);
    delete e[key];
    return e;
  };
  it.each([
    ['no event_name', without('event_name'), 2804002],
    ['no event_time', without('event_time'), 2804002],
    ['no action_source', without('action_source'), 2804002],
    ['a website event without client_user_agent', (n: number) => event(n, { user_data: {} }), 2804004],
    ['a website event without event_source_url', without('event_source_url'), 2804005],
    [
      'an event_time older than 7 days',
      (n: number) => event(n, { event_time: Math.floor(n / 1000) - 7 * 86_400 - 1 }),
      2804003,
    ],
  ])('rejects the whole request when one event has %s', async (_label, bad, subcode) => {
    const { app, state } = setup();
    const res = await send(app, [event(state.now(), { event_id: 'O-2' }), bad(state.now())]);
    const body = (await res.json()) as GraphErrorBody;
    expect([res.status, body.error.code, body.error.error_subcode]).toEqual([400, 100, subcode]);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('accepts an event exactly 7 days old minus a second, and a non-website event without user agent', async () => {
    const { app, state } = setup();
    const now = state.now();
    const res = await send(app, [
      event(now, { event_time: Math.floor(now / 1000) - 7 * 86_400 + 1 }),
      event(now, {
        event_id: 'S-1',
        action_source: 'system_generated',
        user_data: {},
        event_source_url: undefined,
      }),
    ]);
    expect(res.status).toBe(200);
  });

  it('rejects more than 1,000 events and an empty data array', async () => {
    const { app, state } = setup();
    const many = Array.from({ length: 1001 }, (_, i) => event(state.now(), { event_id: `O-${i}` }));
    expect((await send(app, many)).status).toBe(400);
    expect((await send(app, [])).status).toBe(400);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('never counts events sent with a test_event_code', async () => {
    const { app, state } = setup();
    const res = await send(app, [event(state.now())], { test_event_code: 'TEST123' });
    expect(res.status).toBe(200);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it.each([
    [500, 2, true],
    [429, 17, true],
    [401, 190, false],
  ])('stages HTTP %i with code %i', async (status, code, transient) => {
    const { app, state } = setup();
    state.switches.fail({ status: status as 500 | 429 | 401 });
    const res = await send(app, [event(state.now())]);
    const body = (await res.json()) as GraphErrorBody;
    expect([res.status, body.error.code, body.error.is_transient]).toEqual([status, code, transient]);
    expect(state.ledger.view().counted).toEqual([]);
  });
});

describe("Meta's dedup of event_name + event_id within 48 hours", () => {
  it('merges the pixel event with the server event of the same name and ID', async () => {
    const { app, state } = setup();
    const call = {
      method: 'track',
      pixelId: '998877',
      event: 'Purchase',
      params: { value: 59.9 },
      eventID: 'O-1',
    };
    expect((await pixel(app, call)).status).toBe(204);
    await send(app, [event(state.now())]);
    const view = state.ledger.view();
    expect(view.counted).toEqual([
      { path: 'pixel', event: 'Purchase', key: 'Purchase|O-1', data: call, time: state.now() },
    ]);
    expect(view.duplicates).toEqual([
      { path: 'server', event: 'Purchase', key: 'Purchase|O-1', data: event(state.now()), time: state.now() },
    ]);
  });

  it('merges two server sends, and counts again after 48 hours', async () => {
    const { app, state, clock } = setup();
    await send(app, [event(state.now())]);
    clock.now += 47 * HOUR;
    await send(app, [event(state.now())]);
    clock.now += 2 * HOUR;
    await send(app, [event(state.now())]);
    const view = state.ledger.view();
    expect([view.counted.length, view.duplicates.length]).toEqual([2, 1]);
  });

  it('counts the same ID under another event name, and events without an ID every time', async () => {
    const { app, state } = setup();
    const noId = event(state.now());
    delete (noId as Record<string, unknown>).event_id;
    await send(app, [event(state.now()), event(state.now(), { event_name: 'AddToCart' }), noId, noId]);
    expect(state.ledger.view().counted.map((c) => c.key)).toEqual([
      'Purchase|O-1',
      'AddToCart|O-1',
      undefined,
      undefined,
    ]);
  });

  it('ignores pixel calls for another pixel and init calls', async () => {
    const { app, state } = setup();
    await pixel(app, { method: 'init', pixelId: '998877' });
    await pixel(app, { method: 'track', pixelId: '111', event: 'Purchase', eventID: 'O-1' });
    const view = state.ledger.view();
    expect([view.receipts.length, view.counted]).toEqual([2, []]);
  });

  it('serves fbevents.js', async () => {
    const { app } = setup();
    const res = await app.request('/en_US/fbevents.js');
    expect([res.status, (await res.text()).includes('f.callMethod')]).toEqual([200, true]);
  });
});
