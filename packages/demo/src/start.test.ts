import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemo, type RunningDemo } from './start.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-demo-'));
let demo: RunningDemo;
beforeAll(async () => {
  demo = await startDemo({
    dbFile: join(dir, 'demo.db'),
    consentMode: 'optout',
    adrollGraceSeconds: 0,
    deliveryIdleMs: 50,
    sandbox: { tls: false },
  });
});
afterAll(async () => {
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

const UA = 'Mozilla/5.0 (X11; Linux x86_64) DemoTest';

async function until<T>(read: () => T, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = read();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  return read();
}

describe('the demo shop', () => {
  it('serves pages with the public snippet, the widget and an ad-click link', async () => {
    const html = await (await fetch(demo.shopUrl)).text();
    expect((await fetch(demo.dashboard.url, { redirect: 'manual' })).status).toBeLessThan(400);
    expect([
      html.includes('<script async src="/app-data/tag.js"></script>'),
      html.includes(demo.sandbox.neuroon.widgetUrl),
      /href="[^"]*\?adct=[0-9a-f]{24}&#38;fbclid=IwAR[0-9a-f]{32}/.test(html),
    ]).toEqual([true, true, true]);
    expect((await fetch(new URL('/products/p-100', demo.shopUrl))).status).toBe(200);
    expect((await fetch(new URL('/products/nope', demo.shopUrl))).status).toBe(404);
  });

  it('confirms a checkout to the collector, which delivers it once to each platform', async () => {
    const cookies = [
      '_tdm_adct=ADCT123',
      '_fbc=fb.1.1795338000000.IwARabc',
      `neuroon_clicks=${encodeURIComponent(JSON.stringify({ 'p-100': 'sl_abc' }))}`,
    ];
    const add = await fetch(new URL('/cart', demo.shopUrl), {
      method: 'POST',
      body: new URLSearchParams({ product: 'p-100', quantity: '2' }),
      redirect: 'manual',
    });
    cookies.push(add.headers.getSetCookie()[0]!.split(';')[0]!);
    const checkout = await fetch(new URL('/checkout', demo.shopUrl), {
      method: 'POST',
      headers: { cookie: cookies.join('; '), 'user-agent': UA },
      body: new URLSearchParams({ email: 'jane@example.com' }),
      redirect: 'manual',
    });
    const thanks = checkout.headers.get('location')!;
    expect([checkout.status, /^\/thanks\/D[0-9A-Z]+$/.test(thanks)]).toEqual([303, true]);
    const orderId = thanks.split('/').pop()!;
    const page = await (await fetch(new URL(thanks, demo.shopUrl))).text();
    expect(page).toContain(
      `tandem('track', 'purchase', {"order_id":"${orderId}","value":179,"currency":"EUR","products":[{"id":"p-100","price":89.5,"quantity":2}]})`,
    );

    const { sandbox } = demo;
    const counted = () => ({
      adroll: sandbox.ledger('adroll').counted.length,
      meta: sandbox.ledger('meta').counted.length,
      neuroon: sandbox.ledger('neuroon').counted.length,
      tiktok: sandbox.ledger('tiktok').counted.length,
      googleAds: sandbox.ledger('googleAds').counted.length,
      ga4: sandbox.ledger('ga4').counted.length,
    });
    expect(await until(counted, (c) => Object.values(c).reduce((a, b) => a + b) >= 6)).toEqual({
      adroll: 1,
      meta: 1,
      neuroon: 1,
      tiktok: 1,
      // No gclid here: Google Ads gets it as an enhanced conversion, by the hashed email.
      googleAds: 1,
      ga4: 1,
    });
    expect(sandbox.ledger('neuroon').counted[0]?.data).toEqual({
      orderId,
      orderValue: 179,
      currency: 'EUR',
      conversions: [{ productId: 'p-100', searchLogId: 'sl_abc', quantity: 2, lineTotal: 179 }],
    });

    const again = await fetch(new URL('/webhooks/payment', demo.shopUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ order_id: orderId }),
    });
    expect(((await again.json()) as { created: boolean }).created).toBe(false);
  });
});
