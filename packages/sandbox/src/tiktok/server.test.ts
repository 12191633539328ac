import { describe, expect, it } from 'vitest';
import { json, testState } from '../test-helpers.js';
import { tiktokApp } from './server.js';

const creds = { accessToken: 'tt-tok', pixelCode: 'CTESTPIXEL0000000001' };
const PATH = '/open_api/v1.3/event/track/';
const HOUR = 3_600_000;
const HASH = 'a'.repeat(64);

function setup() {
  const { state, clock } = testState('tiktok');
  return { app: tiktokApp(state, creds), state, clock };
}
const event = (nowMs: number, over: Record<string, unknown> = {}) => ({
  event: 'CompletePayment',
  event_time: Math.floor(nowMs / 1000) - 60,
  event_id: 'O-1',
  user: { email: HASH, ttclid: 'E.C.P.abc', ttp: 'ttp-1', ip: '203.0.113.7', user_agent: 'Mozilla/5.0' },
  properties: { value: 59.9, currency: 'EUR', contents: [{ content_id: 'sku-1', quantity: 1, price: 59.9 }] },
  page: { url: 'http://shop.test/thanks' },
  ...over,
});
const body = (data: unknown[], extra: Record<string, unknown> = {}) => ({
  event_source: 'web',
  event_source_id: creds.pixelCode,
  data,
  ...extra,
});
const send = (
  app: ReturnType<typeof setup>['app'],
  data: unknown[],
  extra: Record<string, unknown> = {},
  token: string | null = 'tt-tok',
) => app.request(PATH, json(body(data, extra), token === null ? {} : { 'access-token': token }));
const pixel = (app: ReturnType<typeof setup>['app'], call: Record<string, unknown>) =>
  app.request('/__sandbox/pixel', { method: 'POST', body: JSON.stringify(call) });
interface Envelope {
  code: number;
  message: string;
  request_id: string;
  data: object;
}
const read = async (res: Response) => ({ status: res.status, body: (await res.json()) as Envelope });

describe('TikTok Events API', () => {
  it('accepts valid events with code 0 in its envelope, counts them and keeps no token', async () => {
    const { app, state } = setup();
    const { status, body: answer } = await read(await send(app, [event(state.now())]));
    expect({ status, answer }).toEqual({
      status: 200,
      answer: { code: 0, message: 'OK', request_id: answer.request_id, data: {} },
    });
    const view = state.ledger.view();
    expect(view.counted).toEqual([
      {
        path: 'server',
        event: 'CompletePayment',
        key: 'CompletePayment|O-1',
        data: event(state.now()),
        time: state.now(),
      },
    ]);
    expect(JSON.stringify(view.receipts)).not.toContain('tt-tok');
  });

  it.each([
    ['missing', null, 40104],
    ['wrong', 'other', 40105],
  ])('answers HTTP 200 with code %s token', async (_label, token, code) => {
    const { app, state } = setup();
    const { status, body: answer } = await read(await send(app, [event(state.now())], {}, token));
    expect([status, answer.code]).toEqual([200, code]);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('refuses a pixel code of another account, and a source other than web', async () => {
    const { app, state } = setup();
    const other = await read(await send(app, [event(state.now())], { event_source_id: 'COTHER' }));
    const offline = await read(await send(app, [event(state.now())], { event_source: 'offline' }));
    expect([other.body.code, offline.body.code]).toEqual([40002, 40002]);
    expect(state.ledger.view().counted).toEqual([]);
  });

  const without = (key: string) => (now: number) => {
    const e: Record<string, unknown> = event(now);
    delete e[key];
    return e;
  };
  it.each([
    ['no event', without('event'), 'data[1].event'],
    ['no event_time', without('event_time'), 'data[1].event_time'],
    ['an event_time in milliseconds', (n: number) => event(n, { event_time: n }), 'not milliseconds'],
    ['an email in clear', (n: number) => event(n, { user: { email: 'a@b.c' } }), 'data[1].user.email'],
    ['a value without currency', (n: number) => event(n, { properties: { value: 3 } }), 'currency'],
    [
      'a lowercase currency',
      (n: number) => event(n, { properties: { value: 3, currency: 'eur' } }),
      'ISO 4217',
    ],
  ])('rejects the whole request when one event has %s', async (_label, bad, where) => {
    const { app, state } = setup();
    const res = await read(await send(app, [event(state.now(), { event_id: 'O-2' }), bad(state.now())]));
    expect([res.status, res.body.code]).toEqual([200, 40002]);
    expect(res.body.message).toContain(where);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('takes 1,000 events and refuses 1,001 or none', async () => {
    const { app, state } = setup();
    const many = (n: number) =>
      Array.from({ length: n }, (_, i) => event(state.now(), { event_id: `O-${i}` }));
    expect((await read(await send(app, many(1001)))).body.code).toBe(40002);
    expect((await read(await send(app, []))).body.code).toBe(40002);
    expect(state.ledger.view().counted).toEqual([]);
    expect((await read(await send(app, many(1000)))).body.code).toBe(0);
    expect(state.ledger.view().counted).toHaveLength(1000);
  });

  it('never counts events sent with a test_event_code', async () => {
    const { app, state } = setup();
    const res = await read(await send(app, [event(state.now())], { test_event_code: 'TEST123' }));
    expect(res.body.code).toBe(0);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it.each([
    [500, 500, 50000],
    [429, 200, 40100],
    [401, 200, 40105],
  ])('stages an outage %i as HTTP %i with code %i', async (staged, status, code) => {
    const { app, state } = setup();
    state.switches.fail({ status: staged as 500 | 429 | 401, retryAfter: 7 });
    const res = await send(app, [event(state.now())]);
    const answer = await read(res);
    expect([answer.status, answer.body.code]).toEqual([status, code]);
    expect(res.headers.get('retry-after')).toBe(staged === 429 ? '7' : null);
    expect(state.ledger.view().counted).toEqual([]);
  });
});

describe("TikTok's dedup of event + event_id within 48 hours, pixel and server", () => {
  const track = { method: 'track', pixelCode: creds.pixelCode, event: 'CompletePayment', event_id: 'O-1' };

  it('merges the server event into the pixel event of the same name and ID', async () => {
    const { app, state } = setup();
    expect((await pixel(app, track)).status).toBe(204);
    await send(app, [event(state.now())]);
    const view = state.ledger.view();
    expect([view.counted.map((c) => [c.path, c.key]), view.duplicates.map((c) => [c.path, c.key])]).toEqual([
      [['pixel', 'CompletePayment|O-1']],
      [['server', 'CompletePayment|O-1']],
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

  it('counts the same ID under another event, events without an ID every time, page calls as Pageview', async () => {
    const { app, state } = setup();
    const noId = event(state.now());
    delete (noId as Record<string, unknown>).event_id;
    await send(app, [event(state.now()), event(state.now(), { event: 'AddToCart' }), noId, noId]);
    await pixel(app, { method: 'page', pixelCode: creds.pixelCode });
    await pixel(app, { ...track, pixelCode: 'COTHERPIXEL' });
    expect(state.ledger.view().counted.map((c) => [c.event, c.key])).toEqual([
      ['CompletePayment', 'CompletePayment|O-1'],
      ['AddToCart', 'AddToCart|O-1'],
      ['CompletePayment', undefined],
      ['CompletePayment', undefined],
      ['Pageview', undefined],
    ]);
  });

  it('serves events.js', async () => {
    const { app, state } = setup();
    const res = await app.request('/i18n/pixel/events.js?sdkid=C1&lib=ttq');
    expect([res.status, (await res.text()).includes('TiktokAnalyticsObject')]).toEqual([200, true]);
    expect(state.ledger.view().receipts.map((r) => r.endpoint)).toEqual(['script']);
  });
});
