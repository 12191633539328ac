// @vitest-environment happy-dom
/// <reference lib="dom" />
/** The sandbox's pixel scripts in a DOM: queue draining, reports, cookies. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ROUNDTRIP_JS } from './adroll/roundtrip.js';
import { FBEVENTS_JS } from './meta/fbevents.js';

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
