import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { purchaseEventId, shopEventId } from '@tandem/protocol/event-id';
import { loadTag, SHOP, fullConfig } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** The value pinned in packages/protocol/src/event-id.test.ts: both paths must agree on it. */
const SHARED_VECTOR = 'o_1566ssv1u2sxiv06d086q06w3wff';
/** `shopEventId('lead', 'L-77')`, pinned in the same file. */
const SHOP_EVENT_VECTOR = 'e_0ptyvrv1ssev8s1eee2dj0fzd61z';

describe('the tandem() API', () => {
  it('sends an automatic pageView, then the calls queued before the tag loaded, in order', async () => {
    const page = await loadTag({
      queue: [
        ['track', 'addToCart', { value: 5 }],
        ['track', 'viewContent', { sku: 'A' }],
      ],
    });
    page.tandem('track', 'signup');
    await page.settle();
    expect(page.events().map((e) => [e.name, e.props])).toEqual([
      ['pageView', {}],
      ['addToCart', { value: 5 }],
      ['viewContent', { sku: 'A' }],
      ['signup', {}],
    ]);
    expect(page.sent).toHaveLength(1);
    expect(page.sent[0]!.via).toBe('fetch');
    expect(page.sent[0]!.url).toBe('/app-data/e');
    expect(page.events()[0]).toEqual({
      id: expect.stringMatching(/^[\w-]{21}$/),
      name: 'pageView',
      ts: expect.any(Number),
      url: SHOP,
      props: {},
      pixels: { adroll: 'off', meta: 'off', tiktok: 'off' },
    });
  });

  it('replaces the stub and marks itself, so a second copy of the tag does nothing', async () => {
    const page = await loadTag();
    const api = window.tandem;
    expect(api?.l).toBe(1);
    vi.resetModules();
    await import('./tag.js');
    expect(window.tandem).toBe(api);
    await page.settle();
    expect(page.events().map((e) => e.name)).toEqual(['pageView']);
  });

  it('ignores broken calls without throwing into the page', async () => {
    const page = await loadTag();
    const hostile: unknown[][] = [
      [],
      [undefined],
      [42, 'x'],
      ['track'],
      ['track', ''],
      ['track', 'x'.repeat(65)],
      ['track', { name: 'purchase' }],
      ['track', 'ok', 'not an object'],
      ['consent'],
      ['consent', null],
      ['identify', 'not an object'],
      ['searchClick', 7],
      ['nonsense', {}],
      [
        'track',
        'poisoned',
        {
          get order_id() {
            throw new Error('boom');
          },
        },
      ],
    ];
    vi.spyOn(console, 'log').mockImplementation(() => {});
    for (const args of hostile) expect(() => page.tandem(...args)).not.toThrow();
    await page.settle();
    // a searchClick of no use still goes (the collector keeps only valid clicks in its map), and
    // properties that are not JSON (a getter that throws) go as none
    expect(page.events().map((e) => [e.name, e.props])).toEqual([
      ['pageView', {}],
      ['ok', {}],
      ['searchClick', {}],
      ['poisoned', {}],
    ]);
  });

  it('starts even when the stub left something odd in place of its queue', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    for (const [q, names] of [
      [{ length: 2, 0: ['track', 'odd'] }, ['pageView', 'pageView', 'odd']],
      ['text', ['pageView', 'pageView']],
      [7, ['pageView', 'pageView']],
    ] as const) {
      const page = await loadTag();
      (window.tandem as unknown as { q: unknown }).q = q;
      delete window.tandem!.l;
      vi.resetModules();
      await import('./tag.js');
      await page.settle();
      expect(page.events().map((e) => e.name)).toEqual(names);
    }
  });
});

describe('event IDs', () => {
  it('derives a purchase ID from its order ID, as the collector does (shared test vector)', async () => {
    expect(purchaseEventId('1001')).toBe(SHARED_VECTOR);
    for (const order_id of ['1001', 1001]) {
      const page = await loadTag();
      page.tandem('track', 'purchase', { order_id, value: 10, currency: 'EUR' });
      await page.settle();
      expect(page.events().map((e) => [e.name, e.id])).toEqual([
        ['pageView', expect.any(String)],
        ['purchase', SHARED_VECTOR],
      ]);
    }
  });

  it('tracks a purchase once per browser: a reloaded thank-you page sends it to no pixel and no beacon', async () => {
    const first = await loadTag({ config: fullConfig });
    first.loadPixels();
    first.tandem('track', 'purchase', { order_id: '1001', value: 10, currency: 'EUR' });
    first.tandem('track', 'purchase', { order_id: 1001, value: 10, currency: 'EUR' });
    await first.settle();
    const reload = await loadTag({ config: fullConfig, keep: true });
    reload.loadPixels();
    reload.tandem('track', 'purchase', { order_id: '1001', value: 10, currency: 'EUR' });
    reload.tandem('track', 'purchase', { order_id: '1002', value: 10, currency: 'EUR' });
    await reload.settle();
    const purchases = (p: typeof first) => p.events().filter((e) => e.name == 'purchase');
    expect([purchases(first).map((e) => e.id), purchases(reload).map((e) => e.id)]).toEqual([
      [SHARED_VECTOR],
      [purchaseEventId('1002')],
    ]);
    const pixelPurchases = (window.fbq!.queue as unknown[][]).filter((c) => c[1] == 'Purchase');
    expect(pixelPurchases.map((c) => (c[3] as { eventID: string }).eventID)).toEqual([
      purchaseEventId('1002'),
    ]);
  });

  it('lets an explicit event_id win, and gives other events a fresh random ID', async () => {
    const page = await loadTag();
    page.tandem('track', 'purchase', { order_id: '1001', event_id: 'shop-evt-0001' });
    page.tandem('track', 'addToCart', {});
    page.tandem('track', 'addToCart', {});
    await page.settle();
    // a purchase waits for the extras (its ID and once-per-browser check), so it comes last
    const [, a, b, purchase] = page.events();
    expect(purchase!.id).toBe('shop-evt-0001');
    expect(purchase!.props).toEqual({ order_id: '1001' });
    expect(a!.id).toMatch(/^[\w-]{21}$/);
    expect(a!.id).not.toBe(b!.id);
  });

  it('handles an order ID full of unicode, and one too long to send', async () => {
    const page = await loadTag();
    const unicode = ' Заказ-№7 🛒 Vale\u0301ry ';
    const long = '9'.repeat(5000);
    page.tandem('track', 'purchase', { order_id: unicode });
    page.tandem('track', 'purchase', { order_id: long });
    await page.settle();
    const [, first, second] = page.events();
    expect(first!.id).toBe(purchaseEventId(unicode));
    expect(first!.id).toBe(purchaseEventId('Заказ-№7 🛒 Valéry'));
    expect(first!.props).toEqual({ order_id: unicode });
    expect(second!.id).toBe(purchaseEventId(long));
    expect(second!.props).toEqual({});
  });
});

describe('shop events with their own ID', () => {
  it("derive a lead's ID from its name and id, as the collector does (shared test vector)", async () => {
    expect(shopEventId('lead', 'L-77')).toBe(SHOP_EVENT_VECTOR);
    const map = { ...fullConfig.map, lead: { meta: 'Lead' }, sign_up: { meta: 'CompleteRegistration' } };
    const page = await loadTag({ config: { ...fullConfig, map } });
    page.loadPixels();
    page.tandem('track', 'lead', { id: 'L-77', value: 5 });
    page.tandem('track', 'sign_up', { id: 1234 });
    await page.settle();
    expect(page.events().map((e) => [e.name, e.id, e.props])).toEqual([
      ['pageView', expect.any(String), {}],
      ['lead', SHOP_EVENT_VECTOR, { id: 'L-77', value: 5 }],
      ['sign_up', shopEventId('sign_up', '1234'), { id: 1234 }],
    ]);
    const metaIds = (window.fbq!.queue as unknown[][]).slice(2).map((c) => [c[1], c[3]]);
    expect(metaIds).toEqual([
      ['Lead', { eventID: SHOP_EVENT_VECTOR }],
      ['CompleteRegistration', { eventID: shopEventId('sign_up', '1234') }],
    ]);
  });

  it('let an explicit event_id win, and keep a random ID for an event without id', async () => {
    const page = await loadTag();
    page.tandem('track', 'lead', { id: 'L-77', event_id: 'shop-lead-0001' });
    page.tandem('track', 'lead', { id: '   ' });
    page.tandem('track', 'lead', { id: { nested: 1 } });
    await page.settle();
    expect(page.events().map((e) => e.id)).toEqual([
      expect.stringMatching(/^[\w-]{21}$/),
      'shop-lead-0001',
      expect.stringMatching(/^[\w-]{21}$/),
      expect.stringMatching(/^[\w-]{21}$/),
    ]);
    expect(page.extrasRequests).toEqual([]);
  });

  it('are tracked once per browser, and without the extras reach the collector but no pixel', async () => {
    const first = await loadTag({ config: fullConfig });
    first.loadPixels();
    first.tandem('track', 'lead', { id: 'L-77' });
    await first.settle();
    expect(first.events().map((e) => e.name)).toEqual(['pageView', 'lead']);
    const reload = await loadTag({ config: fullConfig, keep: true });
    reload.loadPixels();
    reload.tandem('track', 'lead', { id: 'L-77' });
    await reload.settle();
    expect(reload.events().map((e) => e.name)).toEqual(['pageView']);

    vi.spyOn(console, 'log').mockImplementation(() => {});
    const blocked = await loadTag({ config: fullConfig, extras: 'blocked' });
    blocked.loadPixels();
    blocked.tandem('track', 'lead', { id: 'L-77' });
    await blocked.settle();
    const lead = blocked.events().find((e) => e.name == 'lead')!;
    expect([lead.props, lead.id == SHOP_EVENT_VECTOR]).toEqual([{ id: 'L-77' }, false]);
    expect((window.fbq!.queue as unknown[][]).map((c) => c[1])).toEqual(['1234567890', 'PageView']);
  });
});

describe('Neuroon search clicks', () => {
  it('go to the collector as searchClick events (it keeps the search map), never to the pixels', async () => {
    const page = await loadTag({ config: fullConfig });
    page.loadPixels();
    page.tandem('searchClick', { product_id: 12, search_log_id: 's12' });
    await page.settle();
    expect(page.events().map((e) => [e.name, e.props])).toEqual([
      ['pageView', {}],
      ['searchClick', { product_id: 12, search_log_id: 's12' }],
    ]);
    expect((window.fbq!.queue as unknown[][]).map((c) => c[1])).toEqual(['1234567890', 'PageView']);
  });
});
