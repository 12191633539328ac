import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONSENT_COOKIE } from '@tandem/protocol/cookies';
import { cookie, cookieWrites, fullConfig, loadTag } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const LANDING = 'https://www.shop.example/p?gclid=G1&fbclid=F1&searchLogId=S1&productId=P1';

describe('opt-in consent', () => {
  it('sets no cookie, touches no storage, loads no pixel and sends nothing before an answer', async () => {
    const setItem = vi.spyOn(Storage.prototype, 'setItem');
    const page = await loadTag({ config: { ...fullConfig, consent: 'optin' }, url: LANDING });
    page.tandem('track', 'purchase', { order_id: '1', value: 3 });
    page.tandem('identify', { email: 'a@b.c' });
    page.tandem('searchClick', { product_id: 'P2', search_log_id: 'S2' });
    await page.settle(5000);
    page.pagehide();
    expect(page.sent).toEqual([]);
    expect(cookieWrites).toEqual([]);
    expect(document.cookie).toBe('');
    expect(setItem).not.toHaveBeenCalled();
    expect(localStorage.length).toBe(0);
    expect([page.scripts, page.extrasRequests]).toEqual([[], []]);
    expect(window.fbq).toBeUndefined();
    expect(window.adroll).toBeUndefined();
  });

  it('on "yes" replays what waited, with identifiers, cookies and pixels', async () => {
    const page = await loadTag({
      config: { ...fullConfig, consent: 'optin' },
      url: LANDING,
      queue: [['track', 'addToCart', { value: 2 }]],
    });
    page.tandem('consent', { ads: true });
    page.scripts.forEach((s) => s.onload?.(new Event('load')));
    await page.settle();
    expect(page.events().map((e) => e.name)).toEqual(['pageView', 'addToCart']);
    const body = page.sent[0]!.body;
    expect(body.consent).toEqual({ ads: true });
    // no visitor ID from the page: the collector sets its own, HttpOnly
    expect(body.vid).toBeUndefined();
    // the click IDs are in cookies now, for the collector to read from this beacon's request
    expect([cookie('_tdm_gclid'), cookie('_fbc'), cookie('_fbp')]).toEqual([
      'G1',
      expect.stringMatching(/^fb\.1\.\d+\.F1$/),
      expect.any(String),
    ]);
    // and the landing URL, with its searchLogId, goes in full for the collector's search map
    expect(page.events()[0]!.url).toBe(LANDING);
    expect(cookie(CONSENT_COOKIE)).toBe('1');
    expect(page.scripts.map((s) => s.src)).toEqual([
      'https://s.adroll.com/j/ADV123/roundtrip.js',
      'https://connect.facebook.net/en_US/fbevents.js',
    ]);
  });

  it('on "no" discards what waited and remembers nothing; later events go without identifiers', async () => {
    const page = await loadTag({ config: { ...fullConfig, consent: 'optin' }, url: LANDING });
    page.tandem('track', 'addToCart');
    page.tandem('consent', { ads: false });
    page.tandem('track', 'purchase', { order_id: 'A-1', value: 9, currency: 'EUR' });
    await page.settle();
    expect(document.cookie).toBe('');
    expect(page.scripts).toEqual([]);
    expect(page.sent.map((s) => s.body)).toEqual([
      {
        v: 1,
        consent: { ads: false },
        events: [
          {
            id: expect.stringMatching(/^o_/),
            name: 'purchase',
            ts: expect.any(Number),
            url: 'https://www.shop.example/p',
            props: { order_id: 'A-1', value: 9, currency: 'EUR' },
            // the mappings' names, though no pixel got it: every pixel is off
            sentAs: { adroll: 'purchase', meta: 'Purchase', tiktok: 'CompletePayment' },
            pixels: { adroll: 'off', meta: 'off', tiktok: 'off' },
          },
        ],
      },
    ]);
  });

  it('remembers a "yes" for the next page', async () => {
    const first = await loadTag({ config: { consent: 'optin' } });
    first.tandem('consent', { ads: true });
    await first.settle(0);
    const next = await loadTag({ config: { consent: 'optin' }, keep: true });
    await next.settle();
    expect(next.sent.map((s) => s.body.consent)).toEqual([{ ads: true }]);
  });
});

describe('opt-out consent', () => {
  it('runs until "no", which removes what the tag stored and is remembered', async () => {
    const page = await loadTag({ config: fullConfig, url: LANDING });
    await page.settle(3000);
    expect(cookie('_tdm_gclid')).toBe('G1');
    localStorage.setItem('_tdm_q', JSON.stringify([[Date.now(), '{"v":1}']]));
    // host-only copies, as the collector re-issues them from the server, go too
    document.cookie = '_tdm_gclid=SERVER; path=/';
    document.cookie = '_tdm_utm=%E0%A4%A; path=/';
    page.tandem('consent', { ads: false });
    await page.settle(0);
    expect([document.cookie, localStorage.length]).toEqual([`${CONSENT_COOKIE}=0`, 0]);
    const next = await loadTag({ config: fullConfig, keep: true });
    await next.settle();
    expect(next.sent.map((s) => [s.body.consent, s.body.vid, next.scripts.length])).toEqual([
      [{ ads: false }, undefined, 0],
    ]);
  });
});

describe('Global Privacy Control', () => {
  it('means no ad sharing, whatever the mode or the answer', async () => {
    const page = await loadTag({ config: fullConfig, url: LANDING, gpc: true });
    page.tandem('consent', { ads: true });
    page.tandem('identify', { email: 'a@b.c' });
    await page.settle();
    expect(page.scripts).toEqual([]);
    expect(page.sent.map((s) => s.body)).toEqual([
      {
        v: 1,
        consent: { ads: false, gpc: true },
        events: [expect.objectContaining({ name: 'pageView', url: 'https://www.shop.example/p' })],
      },
    ]);
  });
});
