import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { COOKIES } from '@tandem/protocol/cookies';
import { clearCookies, cookie, goTo, SHOP, cookieWrites, fullConfig, loadTag } from './test/harness.js';

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const NOW = Date.parse('2026-11-23T10:00:00Z');
const DAY_MS = 86_400_000;
/** js-cookie's `expires` attribute for a cookie written now to live `days`. */
const expiresIn = (days: number) => new Date(NOW + days * DAY_MS).toUTCString();
/** A write that removes a cookie: empty, expired a day ago. */
const REMOVAL = `expires=${expiresIn(-1)}`;

/** Cookie of each click ID, as the collector reads them from a beacon's request. */
const ID_COOKIES = {
  adct: COOKIES.adct,
  gclid: COOKIES.gclid,
  gbraid: COOKIES.gbraid,
  wbraid: COOKIES.wbraid,
  ttclid: COOKIES.ttclid,
  msclkid: COOKIES.msclkid,
  fbc: COOKIES.fbc,
  fbp: COOKIES.fbp,
  adroll_fpc: COOKIES.adrollFpc,
};

/** The click IDs in the page's cookies after a landing on `url` (the utm_* from their JSON cookie). */
async function idsAfter(url: string, keep = false): Promise<Record<string, string | undefined>> {
  const page = await loadTag({ config: fullConfig, url, keep });
  page.loadPixels();
  await page.settle();
  // beacons carry no IDs: the collector reads these cookies from the request and re-issues them
  expect(page.sent.map((s) => Object.keys(s.body).filter((k) => k == 'ids' || k == 'search'))).toEqual(
    page.sent.map(() => []),
  );
  const ids: Record<string, string> = {};
  for (const [k, name] of Object.entries(ID_COOKIES)) {
    const v = cookie(name);
    if (v) ids[k] = v;
  }
  return { ...ids, ...(cookie(COOKIES.utm) && JSON.parse(cookie(COOKIES.utm)!)) };
}

describe('click IDs from the landing URL', () => {
  it('keeps each in its first-party cookie', async () => {
    const ids = await idsAfter(
      'https://www.shop.example/?adct=AD1&fbclid=IwAR-Fb_1&gclid=G1&gbraid=GB1&wbraid=WB1&ttclid=TT1&msclkid=MS1' +
        '&utm_source=news&utm_medium=email&utm_campaign=fall&utm_term=t&utm_content=c&utm_other=x',
    );
    expect(ids).toEqual({
      adct: 'AD1',
      fbc: `fb.1.${NOW}.IwAR-Fb_1`,
      fbp: expect.stringMatching(new RegExp(`^fb\\.1\\.${NOW}\\.\\d+$`)),
      gclid: 'G1',
      gbraid: 'GB1',
      wbraid: 'WB1',
      ttclid: 'TT1',
      msclkid: 'MS1',
      utm_source: 'news',
      utm_medium: 'email',
      utm_campaign: 'fall',
      utm_term: 't',
      utm_content: 'c',
    });
    expect([COOKIES.adct, COOKIES.gclid, COOKIES.ttclid].map(cookie)).toEqual(['AD1', 'G1', 'TT1']);
    expect(JSON.parse(cookie(COOKIES.utm)!)).toEqual({
      utm_source: 'news',
      utm_medium: 'email',
      utm_campaign: 'fall',
      utm_term: 't',
      utm_content: 'c',
    });
  });

  it('replaces an old click ID with a new one, and keeps it on a page without one', async () => {
    await idsAfter('https://www.shop.example/?gclid=OLD&utm_source=a&utm_medium=b');
    expect((await idsAfter('https://www.shop.example/cart', true))?.gclid).toBe('OLD');
    const ids = await idsAfter('https://www.shop.example/?gclid=NEW&utm_campaign=c', true);
    expect([ids?.gclid, ids?.utm_source, ids?.utm_campaign]).toEqual(['NEW', undefined, 'c']);
  });

  it('keeps the first timestamp of an fbclid seen again, as Meta asks, and leaves fbclid untouched', async () => {
    const first = (await idsAfter('https://www.shop.example/?fbclid=AbC-123'))?.fbc;
    expect(first).toBe(`fb.1.${NOW}.AbC-123`);
    vi.setSystemTime(NOW + 60_000);
    expect((await idsAfter('https://www.shop.example/?fbclid=AbC-123', true))?.fbc).toBe(first);
    expect((await idsAfter('https://www.shop.example/?fbclid=xYz', true))?.fbc).toBe(
      `fb.1.${NOW + 61_000}.xYz`,
    );
  });

  it("leaves Meta's and AdRoll's own cookies as they are and creates _fbp only when none exists", async () => {
    goTo(SHOP);
    clearCookies();
    document.cookie = '_fbp=fb.2.1700000000000.987654321.Ab; path=/';
    document.cookie = '__adroll_fpc=0123456789abcdef0123456789abcdef-1700000000000; path=/';
    const ids = await idsAfter('https://www.shop.example/', true);
    expect(ids).toEqual({
      fbp: 'fb.2.1700000000000.987654321.Ab',
      adroll_fpc: '0123456789abcdef0123456789abcdef-1700000000000',
    });
  });

  it('wins over an older host-only copy, such as the collector re-issues from the server', async () => {
    goTo(SHOP);
    clearCookies();
    document.cookie = `${COOKIES.gclid}=SERVER-OLD; path=/`;
    const ids = await idsAfter('https://www.shop.example/?gclid=NEW', true);
    expect(ids?.gclid).toBe('NEW');
    expect(document.cookie.split('; ').filter((c) => c.startsWith(COOKIES.gclid + '='))).toEqual([
      `${COOKIES.gclid}=NEW`,
    ]);
  });

  it('creates no _fbp when Meta is not configured', async () => {
    const page = await loadTag({ url: 'https://www.shop.example/?gclid=G' });
    await page.settle();
    expect([cookie(COOKIES.gclid), cookie(COOKIES.fbp)]).toEqual(['G', undefined]);
  });

  it('ignores values the collector would refuse and survives malformed cookies', async () => {
    goTo(SHOP);
    clearCookies();
    document.cookie = `${COOKIES.fbc}=%E0%A4%A; path=/`;
    document.cookie = `${COOKIES.fbp}=%E0%A4%A; path=/`;
    const huge = 'x'.repeat(100_000);
    const page = await loadTag({
      config: fullConfig,
      url: `https://www.shop.example/?gclid=${huge}&adct=&wbraid=%F0%9F%9B%92&fbclid=${huge}&utm_source=${huge}`,
      keep: true,
    });
    page.loadPixels();
    await page.settle();
    // the existing _fbp stays as it is, undecodable or not (the collector validates what it reads)
    expect(
      cookieWrites
        .filter((w) => !w.startsWith('_tdm_t=') && !w.endsWith(REMOVAL))
        .map((w) => w.split('=')[0]),
    ).toEqual(['_tdm_wbraid']);
    expect(page.events().map((e) => e.name)).toEqual(['pageView']);
  });
});

describe('cookies', () => {
  it('live on the registrable domain, found by probing, with SameSite=Lax, Secure on https and their lifetime', async () => {
    await idsAfter('https://a.b.shop.co.uk/?gclid=G&ttclid=T');
    const writes = cookieWrites.filter((w) => !w.startsWith('_tdm_t='));
    expect(writes.filter((w) => w.startsWith('_tdm_gclid='))).toEqual([
      // the host-only copy goes first, then the cookie is set on the registrable domain
      `_tdm_gclid=; path=/; sameSite=Lax; secure; ${REMOVAL}`,
      `_tdm_gclid=G; path=/; sameSite=Lax; secure; domain=shop.co.uk; expires=${expiresIn(90)}`,
    ]);
    expect(
      cookieWrites.filter((w) => w.startsWith('_tdm_t=1')).map((w) => /domain=([^;]+)/.exec(w)?.[1]),
    ).toEqual(['uk', 'co.uk', 'shop.co.uk']);
    expect(cookie('_tdm_t')).toBeUndefined();
  });

  it('hold values fully percent-encoded, as the collector re-issues them and the Neuroon widget writes its own', async () => {
    const campaign = 'fall sale; 50% off, "ü" {x}';
    await idsAfter(`https://www.shop.example/?utm_campaign=${encodeURIComponent(campaign)}&gclid=a%2Bb`);
    const utm = JSON.stringify({ utm_campaign: campaign });
    expect(cookieWrites.filter((w) => /^_tdm_(utm|gclid)=[^;]/.test(w)).map((w) => w.split('; ')[0])).toEqual(
      [`_tdm_gclid=${encodeURIComponent('a+b')}`, `_tdm_utm=${encodeURIComponent(utm)}`],
    );
    // any reader that URL-decodes (the collector, the widget, js-cookie) gets the value back
    expect([cookie(COOKIES.gclid), cookie(COOKIES.utm)]).toEqual(['a+b', utm]);
  });

  it('take a lifetime per ID from the config, and drop Secure on http', async () => {
    const page = await loadTag({
      url: 'http://shop.example/?ttclid=T&gclid=G',
      config: { life: { ttclid: 28 } },
    });
    await page.settle();
    expect(cookieWrites.filter((w) => /^_tdm_(tt|g)clid=[^;]/.test(w))).toEqual([
      `_tdm_gclid=G; path=/; sameSite=Lax; domain=shop.example; expires=${expiresIn(90)}`,
      `_tdm_ttclid=T; path=/; sameSite=Lax; domain=shop.example; expires=${expiresIn(28)}`,
    ]);
  });

  it('are host-only where no parent domain takes a cookie', async () => {
    const page = await loadTag({ url: 'http://localhost:3000/?gclid=G' });
    await page.settle();
    expect(cookie(COOKIES.gclid)).toBe('G');
    expect(cookieWrites.filter((w) => w.startsWith('_tdm_gclid=G'))).toEqual([
      expect.stringMatching(/^_tdm_gclid=G; path=\/; sameSite=Lax; (domain=localhost; )?expires=/),
    ]);
  });
});
