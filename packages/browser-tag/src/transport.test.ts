import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadTag } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const queued = () => JSON.parse(localStorage.getItem('_tdm_q') ?? '[]') as [number, string][];

describe('batching and transport', () => {
  it('batches events for a second, then posts them with fetch keepalive as text/plain JSON', async () => {
    const page = await loadTag();
    page.tandem('track', 'a');
    await page.settle(900);
    expect(page.sent).toEqual([]);
    page.tandem('track', 'b');
    await page.settle(100);
    expect(page.sent.map((s) => [s.via, s.body.events.map((e) => e.name)])).toEqual([
      ['fetch', ['pageView', 'a', 'b']],
    ]);
    const init = page.fetchMock.mock.calls[0]![1];
    expect([typeof init.body, init.method, init.keepalive, init.headers]).toEqual([
      'string',
      'POST',
      true,
      undefined,
    ]);
  });

  it('flushes with sendBeacon when the page is hidden or left', async () => {
    const page = await loadTag();
    page.tandem('track', 'purchase', { order_id: '9' });
    await page.settle(0);
    Object.defineProperty(document, 'hidden', { configurable: true, value: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'hidden', { configurable: true, value: false });
    page.tandem('track', 'late');
    page.pagehide();
    expect(page.sent.map((s) => [s.via, s.body.events.map((e) => e.name)])).toEqual([
      ['beacon', ['pageView', 'purchase']],
      ['beacon', ['late']],
    ]);
    expect(queued()).toEqual([]);
  });

  it('falls back to fetch when the browser refuses the beacon', async () => {
    const page = await loadTag({ beacon: false });
    page.pagehide();
    expect(page.sent.map((s) => s.via)).toEqual(['fetch']);
  });

  it('splits large batches far below the 64 KiB keepalive quota', async () => {
    const page = await loadTag();
    const products = Array.from({ length: 60 }, (_, i) => ({
      id: `${i}`.padStart(200, 'p'),
      category: 'c'.repeat(300),
    }));
    const props = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`k${i}`, 'v'.repeat(600)]));
    for (let i = 0; i < 5; i++) page.tandem('track', 'big', { products, ...props });
    for (let i = 0; i < 60; i++) page.tandem('track', 'small');
    page.pagehide();
    expect(Math.max(...page.sent.map((s) => s.size))).toBeLessThan(40_000);
    expect(page.sent.length).toBeGreaterThan(1);
    expect(page.events().length).toBe(66);
    expect(page.sent.every((s) => s.body.events.length <= 50)).toBe(true);
    // each event too big for a beacon keeps only what a purchase needs (none of it here)
    expect(page.events()[1]!.props).toEqual({});
  });

  it('keeps a large purchase whole when it fits', async () => {
    const page = await loadTag();
    const products = Array.from({ length: 80 }, (_, i) => ({ id: `sku-${i}`, price: 1, quantity: 1 }));
    page.tandem('track', 'purchase', { order_id: 'big-1', value: 80, currency: 'EUR', products, note: 'n' });
    await page.settle(0);
    page.pagehide();
    expect(page.events()[1]!.props).toEqual({
      order_id: 'big-1',
      value: 80,
      currency: 'EUR',
      products,
      note: 'n',
    });
  });
});

describe('the retry queue', () => {
  it('keeps a batch the collector never acknowledged and replays it on the next page', async () => {
    const down = await loadTag({ collector: 'down' });
    down.tandem('track', 'purchase', { order_id: 'R-1' });
    await down.settle();
    expect(down.sent).toEqual([]);
    expect(queued().length).toBe(1);
    const next = await loadTag({ keep: true });
    await next.settle();
    expect(next.sent.map((s) => s.body.events.map((e) => e.name))).toEqual([
      ['pageView', 'purchase'],
      ['pageView'],
    ]);
    expect(queued()).toEqual([]);
  });

  it('retries after 5xx, 408 and 429, and forgets what the collector refused for good', async () => {
    for (const [status, kept] of [
      [503, 1],
      [429, 1],
      [408, 1],
      [400, 0],
      [413, 0],
      [204, 0],
    ] as const) {
      const page = await loadTag({ collector: status });
      await page.settle();
      expect([status, queued().length]).toEqual([status, kept]);
    }
  });

  it('is bounded: ten batches, none older than three days, malformed storage ignored', async () => {
    localStorage.setItem('_tdm_q', '{oops');
    let page = await loadTag({ collector: 'down', keep: true });
    for (let i = 0; i < 15; i++) {
      page.tandem('track', `e${i}`);
      await page.settle();
    }
    expect(queued().length).toBe(10);
    vi.setSystemTime(Date.now() + 3 * 86400_000 + 1);
    page = await loadTag({ keep: true });
    await page.settle();
    expect(page.sent.map((s) => s.body.events[0]!.name)).toEqual(['pageView']);
    expect(queued()).toEqual([]);
  });

  it('is not used without consent', async () => {
    const page = await loadTag({ collector: 'down', config: { consent: 'optin' } });
    page.tandem('consent', { ads: false });
    page.tandem('track', 'x');
    await page.settle();
    expect(localStorage.length).toBe(0);
  });
});

describe('robustness', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });

  it('never lets a failing transport reach the page, from a call or from a timer', async () => {
    const page = await loadTag();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    Object.defineProperty(navigator, 'sendBeacon', {
      configurable: true,
      value: () => {
        throw new TypeError('beacons disabled');
      },
    });
    vi.stubGlobal('fetch', () => {
      throw new TypeError('fetch disabled');
    });
    page.tandem('track', 'x');
    await expect(page.settle()).resolves.toBeUndefined();
    expect(() => page.pagehide()).not.toThrow();
    expect(log).toHaveBeenCalledWith('[tandem]', 'flush failed', expect.any(TypeError));
  });
});
