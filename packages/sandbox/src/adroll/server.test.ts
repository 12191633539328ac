import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { json, testState } from '../test-helpers.js';
import { adrollApp } from './server.js';

const creds = { token: 'tok', advertisable: 'ADV1', pixel: 'PIX1' };
const auth = { authorization: 'Token tok' };
const URL_ = '/api?advertisable=ADV1';

const event = (over: Record<string, unknown> = {}) => ({
  advertisable_eid: 'ADV1',
  pixel_eid: 'PIX1',
  event_name: 'purchase',
  page_location: 'https://shop.test/thanks/O-1',
  ip: '203.0.113.7',
  timestamp: 1795338000.25,
  conversion_value: 59.9,
  currency: 'EUR',
  event_attributes: { order_id: 'O-1', products: [{ product_id: 'p1', price: 59.9, quantity: 1 }] },
  external_data: JSON.stringify({ tandem_event_id: 'e1' }),
  identifiers: { first_party_cookie: 'a'.repeat(32) + '-1795338000000', adct: 'ADCT1' },
  ...over,
});

function setup() {
  const { state, clock } = testState('adroll');
  return { app: adrollApp(state, creds), state, clock };
}

describe('AdRoll server API', () => {
  it('accepts a valid batch and counts every event, twice when sent twice (no dedup)', async () => {
    const { app, state } = setup();
    const first = await app.request(URL_, json([event()], auth));
    expect({ status: first.status, body: await first.json() }).toEqual({
      status: 200,
      body: { received: 1 },
    });
    await app.request(URL_, json([event()], auth));
    const view = state.ledger.view();
    expect(view.counted).toEqual([
      { path: 'server', event: 'purchase', data: event(), time: state.now() },
      { path: 'server', event: 'purchase', data: event(), time: state.now() },
    ]);
    expect(view.duplicates).toEqual([]);
    expect(view.receipts.map((r) => [r.path, r.endpoint, r.status, r.query])).toEqual([
      ['server', 'api', 200, { advertisable: 'ADV1' }],
      ['server', 'api', 200, { advertisable: 'ADV1' }],
    ]);
  });

  it.each([
    ['no header', {}],
    ['a wrong token', { authorization: 'Token nope' }],
    ['a Bearer token', { authorization: 'Bearer tok' }],
  ])('answers 401 with %s and counts nothing', async (_label, headers) => {
    const { app, state } = setup();
    const res = await app.request(URL_, json([event()], headers));
    expect(res.status).toBe(401);
    expect(state.ledger.view().counted).toEqual([]);
    expect(state.ledger.view().receipts[0]?.status).toBe(401);
  });

  it('answers 404 for another advertisable', async () => {
    const { app } = setup();
    expect((await app.request('/api?advertisable=OTHER', json([event()], auth))).status).toBe(404);
  });

  const { advertisable_eid: _a, ...noAdv } = event();
  const { pixel_eid: _p, ...noPix } = event();
  const { timestamp: _t, ...noTime } = event();
  const { page_location: _l, ...noPage } = event();
  const { ip: _i, ...noIp } = event();
  const { identifiers: _d, ...noIdentifiers } = event();
  it.each([
    ['an object instead of an array', event(), 'the body must be a JSON array of events'],
    ['an empty array', [], 'the array holds no events'],
    ['101 events', Array.from({ length: 101 }, () => event()), 'at most 100 events per request (got 101)'],
    ['no advertisable_eid', [noAdv], 'event 0: advertisable_eid: '],
    ['no pixel_eid', [noPix], 'event 0: pixel_eid: '],
    ['an undocumented event_name', [event({ event_name: 'Purchase' })], 'event 0: event_name: '],
    ['no timestamp', [noTime], 'event 0: timestamp: '],
    ['no page_location', [noPage], 'event 0: page_location: '],
    ['a page_location that is no URL', [event({ page_location: '/thanks' })], 'event 0: page_location: '],
    ['no ip', [noIp], "event 0: ip: the customer's IPv4 or IPv6 address"],
    ['an ip that is no address', [event({ ip: '203.0.113' })], 'event 0: ip: '],
    ['no identifiers', [noIdentifiers], 'event 0: identifiers: '],
    [
      'no first_party_cookie',
      [event({ identifiers: { adct: 'x' } })],
      'event 0: identifiers.first_party_cookie: ',
    ],
    [
      'external_data not a JSON string',
      [event({ external_data: '{oops' })],
      'event 0: external_data: must be a JSON string',
    ],
    ['external_data an object', [event({ external_data: { a: 1 } })], 'event 0: external_data: '],
    [
      'another advertisable_eid',
      [event({ advertisable_eid: 'ADV2' })],
      'event 0: advertisable_eid does not match',
    ],
  ])('answers 400 for %s', async (_label, body, message) => {
    const { app, state } = setup();
    const res = await app.request(URL_, json(body, auth));
    const answer = (await res.json()) as { message: string };
    expect({ status: res.status, starts: answer.message.startsWith(message) }).toEqual({
      status: 400,
      starts: true,
    });
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('accepts the 100-event limit exactly', async () => {
    const { app, state } = setup();
    const res = await app.request(
      URL_,
      json(
        Array.from({ length: 100 }, () => event()),
        auth,
      ),
    );
    expect(res.status).toBe(200);
    expect(state.ledger.view().counted.length).toBe(100);
  });

  it('validates without counting on dry_run=true', async () => {
    const { app, state } = setup();
    const res = await app.request(`${URL_}&dry_run=true`, json([event()], auth));
    expect({ status: res.status, body: await res.json() }).toEqual({
      status: 200,
      body: { dry_run: true, valid: 1 },
    });
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('accepts a gzip body', async () => {
    const { app, state } = setup();
    const res = await app.request(URL_, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify([event()])),
    });
    expect(res.status).toBe(200);
    expect(state.ledger.view().counted.map((c) => c.data)).toEqual([event()]);
  });

  it('stages a 429 with Retry-After once, then answers normally', async () => {
    const { app, state } = setup();
    state.switches.fail({ status: 429, retryAfter: 7, times: 1 });
    const staged = await app.request(URL_, json([event()], auth));
    expect([staged.status, staged.headers.get('retry-after')]).toEqual([429, '7']);
    expect((await app.request(URL_, json([event()], auth))).status).toBe(200);
    expect(state.ledger.view().counted.length).toBe(1);
    expect(state.ledger.view().receipts.map((r) => [r.status, r.error])).toEqual([
      [429, 'failure switch: HTTP 429'],
      [200, undefined],
    ]);
  });
});

describe('AdRoll pixel', () => {
  it('serves roundtrip.js for the advertisable only, and records each load', async () => {
    const { app, state } = setup();
    const script = await app.request('/j/ADV1/roundtrip.js');
    expect([
      script.status,
      script.headers.get('content-type'),
      (await script.text()).includes('q.track'),
    ]).toEqual([200, 'application/javascript; charset=utf-8', true]);
    expect((await app.request('/j/OTHER/roundtrip.js')).status).toBe(404);
    expect(state.ledger.view().receipts).toEqual([
      {
        path: 'pixel',
        endpoint: 'script',
        status: 200,
        query: {},
        payload: { path: '/j/ADV1/roundtrip.js', referer: null },
        time: state.now(),
      },
    ]);
  });

  it('counts each reported track call (no dedup) and records other calls as receipts only', async () => {
    const { app, state } = setup();
    const call = { method: 'track', event: 'purchase', attributes: { order_id: 'O-1' }, adv: 'ADV1' };
    const post = (body: unknown) =>
      app.request('/__sandbox/pixel', { method: 'POST', body: JSON.stringify(body) });
    await post(call);
    await post(call);
    const res = await post({ method: 'identify', attributes: {} });
    expect([res.status, res.headers.get('access-control-allow-origin')]).toEqual([204, '*']);
    const view = state.ledger.view();
    expect(view.counted).toEqual([
      { path: 'pixel', event: 'purchase', data: call, time: state.now() },
      { path: 'pixel', event: 'purchase', data: call, time: state.now() },
    ]);
    expect(view.receipts.map((r) => [r.path, r.endpoint])).toEqual([
      ['pixel', 'track'],
      ['pixel', 'track'],
      ['pixel', 'identify'],
    ]);
  });
});
