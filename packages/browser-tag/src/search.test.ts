import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COOKIES } from '@tandem/protocol/cookies';
import { clearCookies, cookie, goTo, SHOP, fullConfig, loadTag } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

async function page(url = 'https://www.shop.example/', keep = false) {
  const p = await loadTag({ config: fullConfig, url, keep });
  p.loadPixels();
  return p;
}

describe('Neuroon search clicks', () => {
  it('feed one map from searchClick, the widget cookie and a searchLogId URL, most recent first', async () => {
    goTo(SHOP);
    clearCookies();
    document.cookie = `${COOKIES.neuroonWidget}=${encodeURIComponent(JSON.stringify({ '7': 'w7', '3': 'w3' }))}; path=/`;
    const p = await page('https://www.shop.example/p/9?searchLogId=u9&productId=9', true);
    p.tandem('searchClick', { product_id: 12, search_log_id: 's12' });
    p.tandem('searchClick', { product_id: '3', search_log_id: 's3-again' });
    await p.settle();
    // written in order, most recent first (JSON.parse would sort the numeric keys)
    expect(cookie(COOKIES.search)).toBe('{"3":"s3-again","12":"s12","9":"u9","7":"w7"}');
    expect(p.sent[0]!.body.search).toEqual({ '3': 's3-again', '12': 's12', '9': 'u9', '7': 'w7' });
  });

  it('outlive the session: the next page starts from the stored map', async () => {
    const first = await page();
    first.tandem('searchClick', { product_id: 'A', search_log_id: 'sa' });
    const next = await page('https://www.shop.example/thanks', true);
    next.tandem('track', 'purchase', { order_id: 'o1' });
    await next.settle();
    expect(next.sent[0]!.body.search).toEqual({ A: 'sa' });
  });

  it('stay bounded: 20 products and far inside a cookie, dropping the oldest', async () => {
    const p = await page();
    for (let i = 0; i < 60; i++) p.tandem('searchClick', { product_id: `p${i}`, search_log_id: `s${i}` });
    let list = Object.keys(JSON.parse(cookie(COOKIES.search)!));
    expect(list).toEqual(Array.from({ length: 20 }, (_, i) => `p${59 - i}`));
    for (let i = 0; i < 20; i++)
      p.tandem('searchClick', { product_id: `${'x'.repeat(90)}${i}`, search_log_id: 'y'.repeat(99) });
    expect(encodeURIComponent(cookie(COOKIES.search)!).length).toBeLessThanOrEqual(1500);
    list = Object.keys(JSON.parse(cookie(COOKIES.search)!));
    expect(list).toEqual(Array.from({ length: list.length }, (_, i) => `${'x'.repeat(90)}${19 - i}`));
    expect(list.length).toBeGreaterThan(4);
  });

  it('ignore hostile input: malformed cookies, wrong types, oversized IDs', async () => {
    goTo(SHOP);
    clearCookies();
    document.cookie = `${COOKIES.neuroonWidget}=%7B%22a%22%3A; path=/`;
    document.cookie = `${COOKIES.search}=${encodeURIComponent('{"ok":"fine","n":7,"esc":"\\q","":"empty",[1]')}; path=/`;
    const p = await page('https://www.shop.example/?searchLogId=lonely', true);
    for (const bad of [
      null,
      'str',
      { product_id: {}, search_log_id: 's' },
      { product_id: 'p', search_log_id: 'z'.repeat(101) },
    ])
      p.tandem('searchClick', bad);
    await p.settle();
    expect(p.sent[0]!.body.search).toEqual({ ok: 'fine', n: '7' });
  });

  it('are not kept when Neuroon is not configured', async () => {
    const p = await loadTag({ url: 'https://www.shop.example/?searchLogId=s&productId=p' });
    p.tandem('searchClick', { product_id: 'p', search_log_id: 's' });
    await p.settle();
    expect([cookie(COOKIES.search), p.sent[0]!.body.search]).toEqual([undefined, undefined]);
  });
});
