// @vitest-environment happy-dom
/// <reference lib="dom" />
/** The Neuroon widget in a DOM: search, results, and what a click leaves behind. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WIDGET_JS } from './widget.js';

let beacons: Array<{ url: string; body: unknown }>;
let fetched: string[];

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('http://shop.test/');
  document.cookie = 'neuroon_clicks=; max-age=0; path=/';
  document.body.innerHTML = '<div id="search"></div>';
  const script = document.createElement('script');
  script.setAttribute('src', 'http://neuroon.test/widget.js');
  script.setAttribute('data-shop', 'shop-1');
  script.setAttribute('data-target', '#search');
  Object.defineProperty(document, 'currentScript', { configurable: true, get: () => script });
  beacons = [];
  fetched = [];
  vi.spyOn(navigator, 'sendBeacon').mockImplementation((url, data) => {
    void (data as Blob).text().then((t) => beacons.push({ url: String(url), body: JSON.parse(t) }));
    return true;
  });
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string) => {
      fetched.push(url);
      const q = new URL(url).searchParams.get('q');
      const results = [{ productId: 'p-1', name: 'Trail shoe', price: 89.5, url: '/products/p-1' }];
      return new Response(JSON.stringify({ searchLogId: `sl_${fetched.length}`, query: q, results }));
    }),
  );
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

const settle = () => new Promise((r) => setTimeout(r, 200));

describe('Neuroon widget', () => {
  it('searches, shows results, and on a click emits track:click and writes neuroon_clicks', async () => {
    new Function(WIDGET_JS)();
    const input = document.querySelector<HTMLInputElement>('#search input')!;
    input.value = 'trail';
    input.dispatchEvent(new Event('input'));
    await settle();
    expect(fetched).toEqual(['http://neuroon.test/api/plugin/shops/shop-1/search?q=trail']);
    const link = document.querySelector<HTMLAnchorElement>('#search .neuroon-results a')!;
    expect([link.textContent, link.getAttribute('href')]).toEqual(['Trail shoe — 89.50', '/products/p-1']);

    const clicks: unknown[] = [];
    document.addEventListener('track:click', (e) => clicks.push((e as CustomEvent).detail));
    document.addEventListener('click', (e) => e.preventDefault());
    document.cookie = `neuroon_clicks=${encodeURIComponent(JSON.stringify({ 'p-0': 'sl_old' }))}; path=/`;
    link.click();
    await settle();
    expect(clicks).toEqual([{ productId: 'p-1', searchLogId: 'sl_1', query: 'trail' }]);
    const cookie = document.cookie.split('; ').find((c) => c.startsWith('neuroon_clicks='))!;
    expect(JSON.parse(decodeURIComponent(cookie.slice('neuroon_clicks='.length)))).toEqual({
      'p-0': 'sl_old',
      'p-1': 'sl_1',
    });
    expect(beacons).toEqual([
      {
        url: 'http://neuroon.test/api/plugin/shops/shop-1/track/click',
        body: { method: 'click', productId: 'p-1', searchLogId: 'sl_1', query: 'trail' },
      },
    ]);
  });

  it('keeps the cookie under 4 KB by dropping the oldest clicks', async () => {
    const many = Object.fromEntries(
      Array.from({ length: 200 }, (_, i) => [`p-old-${i}`, `sl_${'x'.repeat(10)}${i}`]),
    );
    document.cookie = `neuroon_clicks=${encodeURIComponent(JSON.stringify(many))}; path=/`;
    new Function(WIDGET_JS)();
    const input = document.querySelector<HTMLInputElement>('#search input')!;
    input.value = 'shoe';
    input.dispatchEvent(new Event('input'));
    await settle();
    document.addEventListener('click', (e) => e.preventDefault());
    document.querySelector<HTMLAnchorElement>('#search .neuroon-results a')!.click();
    const value = document.cookie.split('; ').find((c) => c.startsWith('neuroon_clicks='))!;
    const map = JSON.parse(decodeURIComponent(value.slice('neuroon_clicks='.length))) as Record<
      string,
      string
    >;
    expect([value.length <= 4096, map['p-1'], 'p-old-0' in map, 'p-old-199' in map]).toEqual([
      true,
      'sl_1',
      false,
      true,
    ]);
  });
});
