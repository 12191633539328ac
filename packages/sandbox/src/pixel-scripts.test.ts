// @vitest-environment happy-dom
/// <reference lib="dom" />
/** The sandbox's pixel scripts in a DOM: queue draining, reports, cookies. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROUNDTRIP_JS } from './adroll/roundtrip.js';
import { FBEVENTS_JS } from './meta/fbevents.js';
import { EVENTS_JS } from './tiktok/events-js.js';

type Win = Window & Record<string, unknown> & { happyDOM: { setURL(url: string): void } };
const win = window as unknown as Win;
let beacons: Array<{ url: string; body: unknown }>;

beforeEach(async () => {
  win.happyDOM.setURL('http://shop.test/landing?adct=ADCT1&fbclid=FBCLID1');
  for (const c of document.cookie.split('; '))
    if (c) document.cookie = `${c.split('=')[0]}=; max-age=0; path=/`;
  sessionStorage.clear();
  beacons = [];
  const pending: Array<Promise<void>> = [];
  vi.spyOn(navigator, 'sendBeacon').mockImplementation((url, data) => {
    pending.push(
      (data as Blob).text().then((t) => void beacons.push({ url: String(url), body: JSON.parse(t) })),
    );
    return true;
  });
  flush = () => Promise.all(pending).then(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  delete win.adroll;
  delete win.fbq;
  delete win._fbq;
  delete win.ttq;
  delete win.TiktokAnalyticsObject;
});
let flush: () => Promise<void>;

const run = (code: string) => new Function(code)();
const cookie = (name: string) =>
  document.cookie
    .split('; ')
    .find((c) => c.startsWith(`${name}=`))
    ?.slice(name.length + 1);

describe('roundtrip.js', () => {
  it("drains the snippet's queue, then reports every track call with the visitor's ids", async () => {
    const q = [] as unknown as unknown[] & Record<string, unknown>;
    q.track = function (...args: unknown[]) {
      q.push(['track', args]);
    };
    Object.assign(win, { adroll: q, adroll_adv_id: 'ADV1', adroll_pix_id: 'PIX1' });
    (q.track as (...a: unknown[]) => void)('pageView', { event_id: 'e1' });
    run(ROUNDTRIP_JS);
    (win.adroll as { track: (n: string, a: object) => void }).track('purchase', { order_id: 'O-1' });
    await flush();
    const fpc = cookie('__adroll_fpc');
    expect(fpc).toMatch(/^[0-9a-f]{32}-\d{13}$/);
    const report = (event: string, attributes: object) => ({
      url: 'http://shop.test/__sandbox/pixel',
      body: {
        method: 'track',
        event,
        attributes,
        adv: 'ADV1',
        pix: 'PIX1',
        fpc,
        adct: 'ADCT1',
        url: 'http://shop.test/landing?adct=ADCT1&fbclid=FBCLID1',
      },
    });
    expect(beacons).toEqual([
      report('pageView', { event_id: 'e1' }),
      report('purchase', { order_id: 'O-1' }),
    ]);
    expect([(win.adroll as unknown[]).length, sessionStorage.getItem('adroll_adct')]).toEqual([0, 'ADCT1']);
  });
});

describe('fbevents.js', () => {
  it('reports init and track calls with their eventID, and keeps _fbp and _fbc', async () => {
    // Meta's snippet: call through once fbevents.js set callMethod, queue before.
    const f = function (...args: unknown[]) {
      if (f.callMethod) f.callMethod(...args);
      else f.queue.push(args);
    } as ((...args: unknown[]) => void) & { queue: unknown[][]; callMethod?: (...args: unknown[]) => void };
    f.queue = [];
    win.fbq = f;
    f('init', '998877');
    f('init', '998877', { external_id: 'ab12' });
    f('track', 'Purchase', { value: 10, currency: 'EUR' }, { eventID: 'o_1' });
    run(FBEVENTS_JS);
    (win.fbq as (...args: unknown[]) => void)('track', 'PageView', {}, { eventID: 'pv1' });
    (win.fbq as (...args: unknown[]) => void)('consent', 'revoke');
    (win.fbq as (...args: unknown[]) => void)('track', 'Lead');
    await flush();
    const fbp = cookie('_fbp');
    const fbc = cookie('_fbc');
    expect([fbp, fbc]).toEqual([
      expect.stringMatching(/^fb\.1\.\d{13}\.\d+$/),
      expect.stringMatching(/^fb\.1\.\d{13}\.FBCLID1$/),
    ]);
    const url = 'http://shop.test/landing?adct=ADCT1&fbclid=FBCLID1';
    const base = { fbp, fbc, url };
    expect(beacons.map((b) => b.body)).toEqual([
      { method: 'init', pixelId: '998877', ...base },
      { method: 'init', pixelId: '998877', matching: { external_id: 'ab12' }, ...base },
      {
        method: 'track',
        pixelId: '998877',
        event: 'Purchase',
        params: { value: 10, currency: 'EUR' },
        eventID: 'o_1',
        ...base,
      },
      { method: 'track', pixelId: '998877', event: 'PageView', params: {}, eventID: 'pv1', ...base },
    ]);
  });

  it('keeps an existing _fbc for the same fbclid', () => {
    document.cookie = '_fbc=fb.1.1700000000000.FBCLID1; path=/';
    run(FBEVENTS_JS);
    expect(cookie('_fbc')).toBe('fb.1.1700000000000.FBCLID1');
  });
});

describe("TikTok's events.js", () => {
  it("drains the snippet's stub, reports page and track calls with event_id, and keeps _ttp", async () => {
    // what TikTok's snippet (and Tandem's tag) leaves: a queue with the methods and `_i` per pixel
    const ttq = [] as unknown as unknown[][] & Record<string, unknown>;
    for (const method of ['page', 'track', 'identify'])
      ttq[method] = (...args: unknown[]) => void ttq.push([method, ...args]);
    ttq._i = { C1: [] };
    Object.assign(win, { ttq, TiktokAnalyticsObject: 'ttq' });
    (ttq.page as () => void)();
    (ttq.track as (...a: unknown[]) => void)(
      'CompletePayment',
      { value: 10, currency: 'EUR' },
      { event_id: 'o_1' },
    );
    run(EVENTS_JS);
    (win.ttq as unknown as { track: (...a: unknown[]) => void }).track('AddToCart', {}, { event_id: 'a1' });
    await flush();
    const ttp = cookie('_ttp');
    expect(ttp).toMatch(/^[A-Za-z0-9]{27}$/);
    const base = { pixelCode: 'C1', ttp, url: 'http://shop.test/landing?adct=ADCT1&fbclid=FBCLID1' };
    expect([ttq.length, beacons.map((b) => b.body)]).toEqual([
      0,
      [
        { method: 'page', ...base },
        {
          method: 'track',
          event: 'CompletePayment',
          properties: { value: 10, currency: 'EUR' },
          event_id: 'o_1',
          ...base,
        },
        { method: 'track', event: 'AddToCart', properties: {}, event_id: 'a1', ...base },
      ],
    ]);
  });

  it('reports the ttclid of the landing on later pages of the session, and keeps an existing _ttp', async () => {
    document.cookie = '_ttp=keepme; path=/';
    const stub = () => {
      const ttq = [] as unknown as unknown[][] & Record<string, unknown>;
      ttq.track = (...args: unknown[]) => void ttq.push(['track', ...args]);
      ttq._i = { C1: [] };
      Object.assign(win, { ttq, TiktokAnalyticsObject: 'ttq' });
      (ttq.track as (...a: unknown[]) => void)('CompletePayment', {}, { event_id: 'o_1' });
    };
    win.happyDOM.setURL('http://shop.test/?ttclid=TT1');
    stub();
    run(EVENTS_JS);
    win.happyDOM.setURL('http://shop.test/thanks');
    stub();
    run(EVENTS_JS);
    await flush();
    expect(
      beacons.map((b) => [(b.body as { ttclid?: string }).ttclid, (b.body as { ttp?: string }).ttp]),
    ).toEqual([
      ['TT1', 'keepme'],
      ['TT1', 'keepme'],
    ]);
  });
});
