import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { purchaseEventId } from '@tandem/protocol/event-id';
import { fullConfig, loadTag } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const PURCHASE = {
  order_id: 'A-1001',
  value: 59.9,
  currency: 'EUR',
  products: [
    { id: 'sku-1', price: 19.95, quantity: 2, category: 'shoes' },
    { id: 'sku-2', price: 20, quantity: 1 },
  ],
};

describe('pixels', () => {
  it("install AdRoll's globals and queue stub and load roundtrip.js from the configured URL", async () => {
    const page = await loadTag({ config: fullConfig });
    expect([window.adroll_adv_id, window.adroll_pix_id, window.adroll_version]).toEqual([
      'ADV123',
      'PIX456',
      '2.0',
    ]);
    expect(Object.keys(window.adroll!).filter((k) => typeof window.adroll![k] == 'function')).toEqual([
      'track',
    ]);
    expect(page.scripts[0]!.src).toBe('https://s.adroll.com/j/ADV123/roundtrip.js');
  });

  it('call adroll.track and fbq with the purchase and its shared event ID', async () => {
    const page = await loadTag({ config: fullConfig });
    page.tandem('track', 'purchase', PURCHASE);
    await page.settle(0);
    const id = purchaseEventId('A-1001');
    const adroll = (window.adroll as unknown as [string, IArguments][]).map(([m, a]) => [
      m,
      ...Array.from(a),
    ]);
    expect(adroll).toEqual([
      [
        'track',
        'pageView',
        { conversion_value: undefined, products: undefined, event_id: expect.any(String) },
      ],
      [
        'track',
        'purchase',
        {
          ...PURCHASE,
          conversion_value: 59.9,
          products: [
            { id: 'sku-1', product_id: 'sku-1', price: 19.95, quantity: 2, category: 'shoes' },
            { id: 'sku-2', product_id: 'sku-2', price: 20, quantity: 1 },
          ],
          event_id: id,
        },
      ],
    ]);
    expect(window.fbq!.queue).toEqual([
      ['init', '1234567890'],
      ['track', 'PageView', {}, { eventID: expect.any(String) }],
      [
        'track',
        'Purchase',
        {
          order_id: 'A-1001',
          value: 59.9,
          currency: 'EUR',
          content_type: 'product',
          contents: [
            { id: 'sku-1', quantity: 2, item_price: 19.95 },
            { id: 'sku-2', quantity: 1, item_price: 20 },
          ],
        },
        { eventID: id },
      ],
    ]);
  });

  it('report loaded pixels in each event', async () => {
    const page = await loadTag({ config: fullConfig });
    page.loadPixels();
    await page.settle();
    expect(page.events().map((e) => e.pixels)).toEqual([{ adroll: 'loaded', meta: 'loaded', tiktok: 'off' }]);
  });

  it('count a script that errors as blocked in every event that follows, and stop calling it', async () => {
    const page = await loadTag({ config: fullConfig });
    page.scripts[0]!.onerror?.(new Event('error'));
    page.scripts[1]!.onload?.(new Event('load'));
    page.tandem('track', 'purchase', PURCHASE);
    await page.settle();
    page.tandem('track', 'addToCart');
    await page.settle();
    expect(page.events().map((e) => [e.name, e.pixels])).toEqual([
      ['pageView', { adroll: 'blocked', meta: 'loaded', tiktok: 'off' }],
      ['purchase', { adroll: 'blocked', meta: 'loaded', tiktok: 'off' }],
      ['addToCart', { adroll: 'blocked', meta: 'loaded', tiktok: 'off' }],
    ]);
    expect(window.adroll!.length).toBe(0);
  });

  it('count a script that has not loaded within pixelTimeout as blocked, and empty its queue', async () => {
    const page = await loadTag({ config: { ...fullConfig, pixelTimeout: 2500 } });
    page.tandem('track', 'purchase', PURCHASE);
    await page.settle(2000);
    expect(page.sent).toEqual([]); // a timed flush waits for the pixels to settle
    await page.settle(600);
    expect(page.events().map((e) => e.pixels)).toEqual([
      { adroll: 'blocked', meta: 'blocked', tiktok: 'off' },
      { adroll: 'blocked', meta: 'blocked', tiktok: 'off' },
    ]);
    expect([window.adroll!.length, window.fbq!.queue.length]).toEqual([0, 0]);
    page.scripts[0]!.onload?.(new Event('load'));
    page.tandem('track', 'addToCart');
    await page.settle();
    expect(page.events()[2]!.pixels).toEqual({ adroll: 'blocked', meta: 'blocked', tiktok: 'off' });
  });

  it('report a pixel still loading as pending when the page is left', async () => {
    const page = await loadTag({ config: fullConfig });
    page.pagehide();
    expect(page.events().map((e) => e.pixels)).toEqual([
      { adroll: 'pending', meta: 'pending', tiktok: 'off' },
    ]);
  });

  it("give Meta's init the hashed email and phone from identify, before the events that follow", async () => {
    const page = await loadTag({ config: fullConfig });
    page.tandem('identify', { email: ' John_Smith@Gmail.com ', phone: '+1 (650) 555-1212' });
    page.tandem('track', 'purchase', PURCHASE);
    await page.settle();
    await vi.waitFor(() => expect(window.fbq!.queue).toHaveLength(4));
    expect(window.fbq!.queue.map((c) => (c as unknown[]).slice(0, 3))).toEqual([
      ['init', '1234567890'],
      ['track', 'PageView', {}],
      [
        'init',
        '1234567890',
        {
          // the digests the collector also sends to the Conversions API (identify.test.ts)
          em: '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
          ph: 'e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176',
        },
      ],
      ['track', 'Purchase', expect.objectContaining({ order_id: 'A-1001' })],
    ]);
  });

  it('give Meta only the fields identify had, and no second init without one', async () => {
    const page = await loadTag({ config: fullConfig });
    page.tandem('identify', { email: 'a@b.c' });
    await page.settle();
    await vi.waitFor(() => expect(window.fbq!.queue).toHaveLength(3));
    expect(window.fbq!.queue[2]).toEqual([
      'init',
      '1234567890',
      { em: expect.stringMatching(/^[0-9a-f]{64}$/) },
    ]);
    const plain = await loadTag({ config: fullConfig });
    plain.tandem('identify', { email: {} });
    plain.tandem('track', 'purchase', PURCHASE);
    await plain.settle();
    expect(window.fbq!.queue.map((c) => (c as unknown[])[0])).toEqual(['init', 'track', 'track']);
  });
});
