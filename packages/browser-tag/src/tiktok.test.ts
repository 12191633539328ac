import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { purchaseEventId } from '@tandem/protocol/event-id';
import { fullConfig, loadTag, SHOP } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const PIXEL = 'C4ABCDEFGHIJKLMNOPQR';
const EVENTS_JS = 'https://analytics.tiktok.com/i18n/pixel/events.js';
const withTiktok = { ...fullConfig, tiktok: { pixel: PIXEL, src: EVENTS_JS } };
const tiktokOnly = { ...withTiktok, adroll: undefined, meta: undefined };
const PURCHASE = {
  order_id: 'A-1001',
  value: 59.9,
  currency: 'EUR',
  products: [
    { id: 'sku-1', price: 19.95, quantity: 2 },
    { id: 'sku-2', price: 20, quantity: 1 },
  ],
};
const tiktokScript = (page: Awaited<ReturnType<typeof loadTag>>) =>
  page.scripts.find((s) => s.src.startsWith(EVENTS_JS));
const calls = () => Array.from(window.ttq ?? []);

describe("TikTok's pixel", () => {
  it("installs TikTok's stub as its snippet does and loads events.js with the pixel code", async () => {
    const page = await loadTag({ config: withTiktok });
    await page.settle(0);
    expect(page.extrasRequests).toEqual([`${SHOP}app-data/tag-extras.js`]);
    expect(tiktokScript(page)?.src).toBe(`${EVENTS_JS}?sdkid=${PIXEL}&lib=ttq`);
    const ttq = window.ttq!;
    expect([window.TiktokAnalyticsObject, typeof ttq.page, typeof ttq.track, typeof ttq.identify]).toEqual([
      'ttq',
      'function',
      'function',
      'function',
    ]);
    expect(Object.keys(ttq._i!)).toEqual([PIXEL]);
    expect((ttq._i![PIXEL] as { _u: string })._u).toBe(EVENTS_JS);
    expect([typeof ttq._t![PIXEL], ttq._o![PIXEL]]).toEqual(['number', {}]);
  });

  it('gets the page view as ttq.page() and the purchase as CompletePayment with the shared event ID', async () => {
    const page = await loadTag({ config: withTiktok });
    page.tandem('track', 'purchase', PURCHASE);
    page.tandem('track', 'addToCart', { value: 3, currency: 'EUR' });
    page.tandem('track', 'toString');
    await page.settle();
    const id = purchaseEventId('A-1001');
    // the purchase waits for the extras to derive its ID; the others go at once
    expect(calls()).toEqual([
      ['page'],
      ['track', 'AddToCart', { value: 3, currency: 'EUR' }, { event_id: expect.any(String) }],
      ['track', 'ToString', {}, { event_id: expect.any(String) }],
      [
        'track',
        'CompletePayment',
        {
          order_id: 'A-1001',
          value: 59.9,
          currency: 'EUR',
          content_type: 'product',
          contents: [
            { content_id: 'sku-1', content_type: 'product', quantity: 2, price: 19.95 },
            { content_id: 'sku-2', content_type: 'product', quantity: 1, price: 20 },
          ],
        },
        { event_id: id },
      ],
    ]);
    page.loadPixels();
    await page.settle();
    expect(page.events().find((e) => e.name === 'purchase')?.id).toBe(id);
  });

  it('reports loaded in each event once events.js has loaded', async () => {
    const page = await loadTag({ config: withTiktok });
    await page.settle(0);
    page.loadPixels();
    await page.settle();
    expect(page.events().map((e) => e.pixels)).toEqual([
      { adroll: 'loaded', meta: 'loaded', tiktok: 'loaded' },
    ]);
  });

  it('counts a blocked events.js as blocked, empties the stub and calls it no more', async () => {
    const page = await loadTag({ config: tiktokOnly });
    await page.settle(0);
    tiktokScript(page)!.onerror?.(new Event('error'));
    page.tandem('track', 'purchase', PURCHASE);
    await page.settle();
    expect(page.events().map((e) => [e.name, e.pixels?.tiktok])).toEqual([
      ['pageView', 'blocked'],
      ['purchase', 'blocked'],
    ]);
    expect(calls()).toEqual([]);
  });

  it('waits for events.js up to pixelTimeout before a timed flush, then reports it blocked', async () => {
    const page = await loadTag({ config: tiktokOnly });
    page.tandem('track', 'purchase', PURCHASE);
    await page.settle(2900);
    expect(page.sent).toEqual([]);
    await page.settle(200);
    expect(page.events().map((e) => e.pixels)).toEqual([
      { adroll: 'off', meta: 'off', tiktok: 'blocked' },
      { adroll: 'off', meta: 'off', tiktok: 'blocked' },
    ]);
    expect(calls()).toEqual([]);
  });

  it('is not loaded before consent in opt-in mode, nor at all when not configured', async () => {
    const optin = await loadTag({ config: { ...withTiktok, consent: 'optin' } });
    await optin.settle();
    expect([window.ttq, tiktokScript(optin), optin.extrasRequests]).toEqual([undefined, undefined, []]);
    optin.tandem('consent', { ads: true });
    await optin.settle(0);
    expect(tiktokScript(optin)).toBeDefined();
    const none = await loadTag({ config: fullConfig });
    none.loadPixels();
    none.tandem('track', 'purchase', PURCHASE);
    await none.settle();
    expect([window.ttq, tiktokScript(none)]).toEqual([undefined, undefined]);
    expect(none.events().map((e) => e.pixels?.tiktok)).toEqual(['off', 'off']);
  });
});
