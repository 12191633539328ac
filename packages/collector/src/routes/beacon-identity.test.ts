import { COOKIES } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { beacon, NOW, postBeacon, setup } from '../test-helpers.js';

/** SHA-256 of `vid-12345678`, Meta's `external_id` for it (beacon-external-id.test.ts). */
const VID_DIGEST = '618431ee8242049eb26e5043adf4a9a4cdff2a231c44669495585f5b71c496fe';

const jar = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');

const clickIdCookies = {
  [COOKIES.adct]: 'AD1',
  [COOKIES.fbc]: 'fb.1.1700000000000.abc',
  [COOKIES.fbp]: 'fb.1.1700000000000.123',
  [COOKIES.adrollFpc]: 'fpc-1',
  [COOKIES.gclid]: 'G1',
  [COOKIES.utm]: '{"utm_source":"adroll","utm_campaign":"spring"}',
};

const seen = (value: string) => ({ value, firstSeen: NOW, lastSeen: NOW });

describe('beacon identity read from the request cookies', () => {
  it('stores and re-issues the click IDs of the cookies when the body has none', async () => {
    const { app, storage } = setup({ cookieLifetimes: { adct: 30 } });
    const res = await postBeacon(app, beacon(), { cookie: jar(clickIdCookies) });
    expect(res.status).toBe(204);
    const ids = {
      adct: 'AD1',
      fbc: 'fb.1.1700000000000.abc',
      fbp: 'fb.1.1700000000000.123',
      gclid: 'G1',
      adroll_fpc: 'fpc-1',
      utm_source: 'adroll',
      utm_campaign: 'spring',
    };
    expect((await storage.getEvent('evt-12345678', 'vid-12345678'))?.ids).toEqual(ids);
    expect((await storage.getVisitor('vid-12345678'))?.clickIds).toEqual({
      adct: seen('AD1'),
      fbc: seen('fb.1.1700000000000.abc'),
      fbp: seen('fb.1.1700000000000.123'),
      gclid: seen('G1'),
      adroll_fpc: seen('fpc-1'),
      utm_source: seen('adroll'),
      utm_campaign: seen('spring'),
    });
    const day = 86_400;
    expect(res.headers.getSetCookie()).toEqual([
      `${COOKIES.vidServer}=vid-12345678; Max-Age=${365 * day}; Path=/; HttpOnly; SameSite=Lax`,
      `${COOKIES.externalId}=${VID_DIGEST}; Max-Age=${365 * day}; Path=/; SameSite=Lax`,
      `${COOKIES.adct}=AD1; Max-Age=${30 * day}; Path=/; SameSite=Lax`,
      `${COOKIES.fbc}=fb.1.1700000000000.abc; Max-Age=${90 * day}; Path=/; SameSite=Lax`,
      `${COOKIES.fbp}=fb.1.1700000000000.123; Max-Age=${90 * day}; Path=/; SameSite=Lax`,
      `${COOKIES.gclid}=G1; Max-Age=${90 * day}; Path=/; SameSite=Lax`,
      `${COOKIES.adrollFpc}=fpc-1; Max-Age=${90 * day}; Path=/; SameSite=Lax`,
      `${COOKIES.utm}=${encodeURIComponent('{"utm_source":"adroll","utm_campaign":"spring"}')}; Max-Age=${90 * day}; Path=/; SameSite=Lax`,
    ]);
  });

  it('lets the click IDs of an older body win over the cookies, and keeps the cookies it lacks', async () => {
    const { app, storage } = setup();
    const res = await postBeacon(app, beacon({ ids: { adct: 'AD-BODY', msclkid: 'MS1' } }), {
      cookie: jar({ [COOKIES.adct]: 'AD-COOKIE', [COOKIES.gclid]: 'G1' }),
    });
    expect(res.status).toBe(204);
    expect((await storage.getEvent('evt-12345678', 'vid-12345678'))?.ids).toEqual({
      adct: 'AD-BODY',
      gclid: 'G1',
      msclkid: 'MS1',
    });
    expect(res.headers.getSetCookie().filter((c) => !/^_tdm_(vid|xid)=/.test(c))).toEqual([
      `${COOKIES.adct}=AD-BODY; Max-Age=${90 * 86400}; Path=/; SameSite=Lax`,
      `${COOKIES.gclid}=G1; Max-Age=${90 * 86400}; Path=/; SameSite=Lax`,
      `${COOKIES.msclkid}=MS1; Max-Age=${90 * 86400}; Path=/; SameSite=Lax`,
    ]);
  });

  it("reads GA4's client ID from Google Analytics' own _ga cookie, and never re-issues that cookie", async () => {
    const { app, storage } = setup();
    const res = await postBeacon(app, beacon(), {
      cookie: jar({ [COOKIES.ga]: 'GA1.1.1234567890.1700000000', [COOKIES.gclid]: 'G1' }),
    });
    expect(res.status).toBe(204);
    expect((await storage.getVisitor('vid-12345678'))?.clickIds).toEqual({
      ga: seen('1234567890.1700000000'),
      gclid: seen('G1'),
    });
    expect(res.headers.getSetCookie().filter((c) => c.startsWith('_ga'))).toEqual([]);
    const other = setup();
    const forged = await postBeacon(other.app, beacon(), {
      cookie: jar({ [COOKIES.ga]: 'GA1.1.<script>.1' }),
    });
    expect(forged.status).toBe(204);
    const stored = await other.storage.getEvent('evt-12345678', 'vid-12345678');
    expect(stored).toBeDefined();
    expect(stored?.ids ?? {}).toEqual({});
  });

  it('ignores invalid cookie values', async () => {
    const { app, storage } = setup();
    await postBeacon(app, beacon(), {
      cookie: jar({ [COOKIES.gclid]: 'x'.repeat(300), [COOKIES.utm]: 'not json', [COOKIES.adct]: 'AD1' }),
    });
    expect((await storage.getEvent('evt-12345678', 'vid-12345678'))?.ids).toEqual({ adct: 'AD1' });
  });

  it.each([
    ['ad consent refused', { ads: false }],
    ['Global Privacy Control', { ads: true, gpc: true }],
  ])('reads nothing from the cookies with %s', async (_name, consent) => {
    const { app, storage } = setup();
    const res = await postBeacon(app, beacon({ consent }), { cookie: jar(clickIdCookies) });
    expect(res.status).toBe(204);
    expect(await storage.getEvent('evt-12345678', 'anonymous')).toMatchObject({
      visitorId: 'anonymous',
      ids: undefined,
    });
    expect(await storage.getVisitor('anonymous')).toMatchObject({ clickIds: {}, search: {} });
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
