/**
 * The tag in Debian's Chromium, for what only a real browser shows: cookie attributes and the
 * registrable domain, the flush when a page is left, pixels detected as blocked when their host is
 * unreachable, and the retry queue carried across a page load.
 */
import { expect, test } from '@playwright/test';
import type { TagConfig } from '@tandem/protocol';
import { chromiumArgs } from '../playwright.config.js';
import { startTagServer, type TagServer } from '../support/tag-server.js';

// `www.shop.test` and `s.adroll.com` reach the loopback server (the port stays in the URL);
// `connect.facebook.net` and `blocked.adroll.test` reach nothing at all.
test.use({
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      ...chromiumArgs,
      '--host-resolver-rules=MAP www.shop.test 127.0.0.1, MAP s.adroll.com 127.0.0.1, ' +
        'MAP connect.facebook.net ~NOTFOUND, MAP blocked.adroll.test ~NOTFOUND',
    ],
  },
});

const base: TagConfig = {
  endpoint: '/app-data/e',
  consent: 'optout',
  days: 90,
  pixelTimeout: 3000,
  extras: '/app-data/tag-extras.js',
};

let shop: TagServer;
test.beforeEach(async () => {
  shop = await startTagServer(base);
});
test.afterEach(async () => shop.close());

const at = (path: string) => `http://www.shop.test:${shop.port}${path}`;
const events = () => shop.batches.flatMap((b) => b.events.map((e) => e.name));

test('click-ID cookies live on the registrable domain, SameSite=Lax, for their lifetime', async ({
  page,
  context,
}) => {
  shop.config = {
    ...base,
    meta: { pixel: '1', src: 'https://connect.facebook.net/en_US/fbevents.js' },
    life: { ttclid: 28 },
  };
  const before = Date.now() / 1000;
  await page.goto(at('/p/landing?gclid=G-1&ttclid=T-1&fbclid=IwAR_x&utm_source=news'));
  await expect.poll(() => shop.batches.length).toBe(1);
  const cookies = Object.fromEntries((await context.cookies()).map((c) => [c.name, c]));
  const days = (name: string) => Math.round((cookies[name]!.expires - before) / 86400);
  for (const name of ['_tdm_gclid', '_tdm_ttclid', '_fbc', '_fbp', '_tdm_utm'])
    expect([
      name,
      cookies[name]?.domain,
      cookies[name]?.sameSite,
      cookies[name]?.secure,
      cookies[name]?.path,
    ]).toEqual([name, '.shop.test', 'Lax', false, '/']);
  expect([days('_tdm_gclid'), days('_tdm_ttclid'), days('_fbc')]).toEqual([90, 28, 90]);
  expect(cookies['_tdm_t']).toBeUndefined();
  expect([cookies['_tdm_gclid']!.value, cookies['_tdm_ttclid']!.value, cookies['_tdm_utm']!.value]).toEqual([
    'G-1',
    'T-1',
    encodeURIComponent('{"utm_source":"news"}'),
  ]);
  expect(cookies['_fbc']!.value).toMatch(/^fb\.1\.\d{13}\.IwAR_x$/);
  expect(cookies['_fbp']!.value).toMatch(/^fb\.1\.\d{13}\.\d+$/);
  // the beacon carries no IDs: the collector reads them from the cookies of the first beacon's
  // request, which the tag sends only once the extras have written them
  expect([shop.batches[0]!.ids, shop.batches[0]!.vid]).toEqual([undefined, undefined]);
  const sent = Object.fromEntries(shop.cookieHeaders[0]!.split('; ').map((c) => c.split('=')));
  expect([sent['_tdm_gclid'], sent['_tdm_ttclid'], sent['_fbc'], sent['_fbp']]).toEqual(
    ['_tdm_gclid', '_tdm_ttclid', '_fbc', '_fbp'].map((n) => cookies[n]!.value),
  );
});

test('a new click ID replaces a host-only copy set by the server, so no stale value is read', async ({
  page,
  context,
}) => {
  await context.addCookies([{ name: '_tdm_gclid', value: 'SERVER-OLD', url: at('/') }]);
  await page.goto(at('/p/landing?gclid=NEW'));
  await expect.poll(() => shop.batches.length).toBe(1);
  expect(shop.cookieHeaders[0]).toBe('_tdm_gclid=NEW');
  const copies = (await context.cookies()).filter((c) => c.name == '_tdm_gclid');
  expect(copies.map((c) => [c.domain, c.value])).toEqual([['.shop.test', 'NEW']]);
});

test('events still waiting for their batch are sent when the page is left', async ({ page }) => {
  shop.pages.thanks = "tandem('track','purchase',{order_id:'T-1',value:12,currency:'EUR'})";
  await page.goto(at('/p/thanks'));
  // the purchase is tracked once the tag's extras (its event ID) are in
  await page.waitForFunction(() => (window as unknown as { tandem: { x?: object } }).tandem.x !== undefined);
  await page.click('a'); // long before the one-second batch timer
  await expect.poll(events).toEqual(['pageView', 'purchase', 'pageView']);
  expect(shop.batches[0]!.events.map((e) => e.name)).toEqual(['pageView', 'purchase']);
});

test('a pixel whose host is unreachable is reported as blocked; one that loads, as loaded', async ({
  page,
}) => {
  shop.config = {
    ...base,
    adroll: { adv: 'ADV1', pix: 'PIX1', src: `http://s.adroll.com:${shop.port}/j/ADV1/roundtrip.js` },
    meta: { pixel: '1', src: 'https://connect.facebook.net/en_US/fbevents.js' },
  };
  shop.pages.thanks = "tandem('track','purchase',{order_id:'B-1',value:5,currency:'EUR'})";
  await page.goto(at('/p/thanks'));
  await expect.poll(() => shop.batches.length).toBe(1);
  expect(shop.batches[0]!.events.map((e) => [e.name, e.pixels])).toEqual([
    ['pageView', { adroll: 'loaded', meta: 'blocked', tiktok: 'off' }],
    ['purchase', { adroll: 'loaded', meta: 'blocked', tiktok: 'off' }],
  ]);
  expect(await page.evaluate(() => (window as unknown as { __roundtrip: number }).__roundtrip)).toBe(2);

  shop.config = {
    ...base,
    adroll: { adv: 'ADV1', pix: 'PIX1', src: 'http://blocked.adroll.test/j/ADV1/roundtrip.js' },
  };
  await page.goto(at('/p/next'));
  await expect.poll(() => shop.batches.length).toBe(2);
  expect(shop.batches[1]!.events.map((e) => e.pixels)).toEqual([
    { adroll: 'blocked', meta: 'off', tiktok: 'off' },
  ]);
});

test('batches the collector never acknowledged are replayed on the next page', async ({ page }) => {
  shop.status = 503;
  shop.pages.thanks = "tandem('track','purchase',{order_id:'R-1',value:7,currency:'EUR'})";
  await page.goto(at('/p/thanks'));
  await expect.poll(() => shop.batches.length).toBe(1);
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('_tdm_q') ?? '[]').length);
  expect(kept).toBe(1);
  shop.status = 204;
  await page.goto(at('/p/next'));
  await expect.poll(events).toEqual(['pageView', 'purchase', 'pageView', 'purchase', 'pageView']);
  await expect.poll(() => page.evaluate(() => localStorage.getItem('_tdm_q'))).toBeNull();
  expect(shop.batches[1]).toEqual(shop.batches[0]);
});
