import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { setup } from '../test-helpers.js';
import { tagConfig } from './tag.js';
import { parseConfig } from '../config.js';

describe('tag route', () => {
  it('fills the tag config from the collector config', () => {
    expect(
      tagConfig(
        parseConfig({
          mountPath: '/t',
          consentMode: 'optout',
          adroll: { advertiserId: 'ADV123456', pixelId: 'PIX123456' },
          meta: { pixelId: '1234567890' },
          tiktok: { pixelCode: 'C4ABCDEFGHIJKLMNOPQR' },
          cookieDays: 30,
          cookieLifetimes: { ttclid: 28 },
        }),
      ),
    ).toEqual({
      endpoint: '/t/e',
      consent: 'optout',
      adroll: { adv: 'ADV123456', pix: 'PIX123456', src: 'https://s.adroll.com/j/ADV123456/roundtrip.js' },
      meta: { pixel: '1234567890', src: 'https://connect.facebook.net/en_US/fbevents.js' },
      tiktok: { pixel: 'C4ABCDEFGHIJKLMNOPQR', src: 'https://analytics.tiktok.com/i18n/pixel/events.js' },
      days: 30,
      life: { ttclid: 28 },
      pixelTimeout: 3000,
      extras: '/t/tag-extras.js',
    });
  });

  it('serves the tag with its config inlined, an ETag, cache headers and gzip', async () => {
    const { app } = setup();
    const plain = await app.request('/app-data/tag.js');
    expect(plain.status).toBe(200);
    const text = await plain.text();
    expect(text).toContain('"endpoint":"/app-data/e"');
    expect(text).not.toContain('__TANDEM_CONFIG__');
    const etag = plain.headers.get('etag');
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    expect([
      plain.headers.get('cache-control'),
      plain.headers.get('vary'),
      plain.headers.get('content-encoding'),
    ]).toEqual(['public, max-age=300, stale-while-revalidate=86400', 'Accept-Encoding', null]);
    const gz = await app.request('/app-data/tag.js', {
      headers: { 'accept-encoding': 'gzip, deflate, br;q=0' },
    });
    expect(gz.headers.get('content-encoding')).toBe('gzip');
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(text);
    const notModified = await app.request('/app-data/tag.js', { headers: { 'if-none-match': `W/${etag}` } });
    expect(notModified.status).toBe(304);
  });

  it('uses Brotli when the runtime provides it and the browser accepts it', async () => {
    const { app } = setup(
      {},
      {
        compress: async (body, enc) => (enc === 'br' ? new Uint8Array([1, 2, body.length % 256]) : undefined),
      },
    );
    const res = await app.request('/app-data/tag.js', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(res.headers.get('content-encoding')).toBe('br');
    expect((await res.arrayBuffer()).byteLength).toBe(3);
  });

  it('serves the tag and its extras within their 3,072-byte gzip budgets with every platform and per-cookie lifetimes', async () => {
    const { app } = setup({
      consentMode: 'optin',
      adroll: { advertiserId: 'ABCDEFGHIJKLMNOPQRSTUV', pixelId: 'WXYZ0123456789ABCDEFGH' },
      meta: { pixelId: '123456789012345' },
      tiktok: { pixelCode: 'C4ABCDEFGHIJKLMNOPQR' },
      cookieLifetimes: { vid: 365, adct: 30, ttclid: 28, utm: 30, search: 30, consent: 180 },
    });
    const sizes: Record<string, number> = {};
    for (const path of ['/app-data/tag.js', '/app-data/tag-extras.js']) {
      const res = await app.request(path, { headers: { 'accept-encoding': 'gzip' } });
      expect([res.status, res.headers.get('content-encoding')]).toEqual([200, 'gzip']);
      const body = Buffer.from(await res.arrayBuffer());
      expect(gunzipSync(body).toString()).toContain('"pixel":"C4ABCDEFGHIJKLMNOPQR"');
      sizes[path] = body.byteLength;
    }
    // the tag is paid on every page view; the extras only where needed (browser-tag README)
    expect([sizes['/app-data/tag.js']! <= 3072, sizes['/app-data/tag-extras.js']! <= 3072]).toEqual([
      true,
      true,
    ]);
  });
});
