import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COOKIES } from '@tandem/protocol/cookies';
import { purchaseEventId } from '@tandem/protocol/event-id';
import { clearCookies, cookie, fullConfig, goTo, loadTag, SHOP } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const EXTRAS = [`${SHOP}app-data/tag-extras.js`];

describe('the extras', () => {
  it('are not loaded on a page that needs none of them', async () => {
    goTo(SHOP);
    clearCookies();
    document.cookie = `${COOKIES.fbp}=fb.1.1700000000000.42; path=/`;
    const page = await loadTag({ config: fullConfig, url: `${SHOP}p/7?color=red&q=shoes`, keep: true });
    page.loadPixels();
    page.tandem('track', 'addToCart', { value: 3 });
    page.tandem('searchClick', { product_id: '7', search_log_id: 's7' });
    await page.settle();
    expect([page.extrasRequests, page.events().map((e) => e.name)]).toEqual([
      [],
      ['pageView', 'addToCart', 'searchClick'],
    ]);
  });

  it('are loaded once, for a landing with click IDs, a new Meta visitor, an answer, a purchase or identify', async () => {
    const cases: [string, Parameters<typeof loadTag>[0], unknown[][]][] = [
      ['landing', { url: `${SHOP}?gclid=G`, keep: true }, []],
      ['no _fbp yet', { config: fullConfig }, []],
      ['answer', {}, [['consent', { ads: true }]]],
      [
        'purchase',
        {},
        [
          ['track', 'purchase', { order_id: '1' }],
          ['track', 'purchase', { order_id: '2' }],
        ],
      ],
      ['identify', {}, [['identify', { email: 'a@b.c' }]]],
    ];
    const loads: Record<string, string[]> = {};
    const fbp: Record<string, boolean> = {};
    for (const [name, options, calls] of cases) {
      goTo(SHOP);
      clearCookies();
      const page = await loadTag({ ...options, keep: true });
      for (const args of calls) page.tandem(...args);
      await page.settle();
      loads[name] = page.extrasRequests;
      fbp[name] = /^fb\.1\.\d+\.\d+$/.test(cookie(COOKIES.fbp) ?? '');
    }
    expect(loads).toEqual({
      landing: EXTRAS,
      'no _fbp yet': EXTRAS,
      answer: EXTRAS,
      purchase: EXTRAS,
      identify: EXTRAS,
    });
    // Meta is configured only in the second case
    expect(fbp).toEqual({
      landing: false,
      'no _fbp yet': true,
      answer: false,
      purchase: false,
      identify: false,
    });
  });

  it('when blocked, a purchase still reaches the collector, but no pixel (the server path delivers it)', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    const page = await loadTag({ config: fullConfig, extras: 'blocked' });
    page.loadPixels();
    page.tandem('track', 'purchase', { order_id: '1001', value: 5, currency: 'EUR' });
    page.tandem('identify', { email: 'a@b.c' });
    await page.settle();
    const purchase = page.events().find((e) => e.name == 'purchase')!;
    expect([purchase.props, purchase.id == purchaseEventId('1001')]).toEqual([
      { order_id: '1001', value: 5, currency: 'EUR' },
      false,
    ]);
    expect((window.fbq!.queue as unknown[][]).map((c) => c[1])).toEqual(['1234567890', 'PageView']);
    expect(page.sent.every((s) => s.body.user === undefined)).toBe(true);
  });
});
