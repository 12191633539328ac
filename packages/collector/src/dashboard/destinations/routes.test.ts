import { describe, expect, it, vi } from 'vitest';
import { BASE, makeDashboard } from '../test-helpers.js';

const ADROLL_OPTIONS = {
  advertisableEid: 'ADV1',
  pixelEid: 'PIX1',
  baseUrl: '',
  dryRun: 'false',
  dedup: 'single-channel',
  graceSeconds: '',
  attributionAware: 'true',
  attributionWindowDays: '30',
  perMinute: '',
  concurrency: '',
};

async function loggedIn(name = 'adroll') {
  const dash = await makeDashboard();
  const browser = dash.client();
  await browser.login();
  const csrf = await browser.csrf();
  const post = (path: string, form: Record<string, string | string[]>) =>
    browser.post(`${BASE}/destinations/${name}/${path}`, { csrf, ...form });
  const page = async (query = '') => (await browser.get(`${BASE}/destinations/${name}${query}`)).text();
  return { ...dash, browser, csrf, post, page };
}

const alertOf = (html: string) => /role="alert">([^<]*)</.exec(html)?.[1];
const statusOf = (html: string) => /role="status">([^<]*)</.exec(html)?.[1];

describe('destination forms', () => {
  it('turns sharing on only once token and options are there, and off again', async () => {
    const { post, page, storage } = await loggedIn();
    const early = await post('sharing', { enabled: 'on' });
    expect([early.status, alertOf(await early.text())]).toEqual([
      400,
      'Invalid input: expected string, received undefined (at options.advertisableEid)',
    ]);
    expect((await post('options', ADROLL_OPTIONS)).status).toBe(303);
    const noToken = await post('sharing', { enabled: 'on' });
    expect(alertOf(await noToken.text())).toBe(
      'AdRoll needs its server token before data sharing can be on (at token)',
    );
    await post('token', { token: 'tok-1234' });
    const on = await post('sharing', { enabled: 'on' });
    expect([on.status, on.headers.get('location')]).toEqual([
      303,
      `${BASE}/destinations/adroll?done=sharing-on`,
    ]);
    expect((await storage.getSettings('adroll'))?.enabled).toBe(true);
    const html = await page('?done=sharing-on');
    expect([statusOf(html), /data-testid="sharing-state">(\w+)</.exec(html)?.[1]]).toEqual([
      'Data sharing is on.',
      'on',
    ]);
    await post('sharing', { enabled: 'off' });
    expect((await storage.getSettings('adroll'))?.enabled).toBe(false);
  });

  it('stores a pasted token encrypted and shows back only its last four, on every page, answer and log', async () => {
    const logged: unknown[] = [];
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args));
    }
    const { post, page, browser, storage, box } = await loggedIn();
    const token = 'tok_SECRET_value_9876';
    const saved = await post('token', { token: `  ${token}\n` });
    expect(saved.status).toBe(303);
    const stored = await storage.getSettings('adroll');
    expect(stored?.tokenCiphertext).toMatch(/^v1:k1:/);
    expect(await box.decrypt(stored?.tokenCiphertext ?? '', 'adroll')).toBe(token);
    const html = await page('?done=token');
    expect(/data-testid="token-state">([^<]*)</.exec(html)?.[1]).toBe(
      'A token ending in 9876 is stored (encrypted).',
    );
    await post('options', ADROLL_OPTIONS);
    await post('sharing', { enabled: 'on' });
    const bodies = [html, await saved.text()];
    for (const path of ['', '/destinations', '/destinations/adroll', '/deliveries']) {
      bodies.push(await (await browser.get(`${BASE}${path}`)).text());
    }
    for (const action of ['test', 'mapping', 'options', 'resume'])
      bodies.push(await (await post(action, {})).text());
    for (const body of bodies) expect(body).not.toContain('SECRET_value');
    expect(JSON.stringify(await storage.listSettings())).not.toContain('SECRET_value');
    expect(JSON.stringify(logged)).not.toContain('SECRET_value');
    vi.restoreAllMocks();
  });

  it('refuses an empty or multi-word token without saving', async () => {
    const { post, storage } = await loggedIn();
    const empty = await post('token', { token: '   ' });
    const spaced = await post('token', { token: 'two words' });
    expect([empty.status, alertOf(await empty.text()), spaced.status, alertOf(await spaced.text())]).toEqual([
      400,
      'Paste the token first.',
      400,
      'the token must be one word of 1 to 4096 characters (at token)',
    ]);
    expect(await storage.listSettings()).toEqual([]);
  });

  it('refuses a Google Ads token without its three parts, and shows what to paste, without saving', async () => {
    const { post, page, storage } = await loggedIn('google-ads');
    const html = await page();
    expect(html).toContain(
      'Three secrets joined by colons: &lt;developer token&gt;:&lt;client secret&gt;:&lt;refresh token&gt;.',
    );
    const res = await post('token', { token: '1//only-the-refresh-token' });
    expect([res.status, alertOf(await res.text())]).toEqual([
      400,
      'the Google Ads token is three parts joined by colons: &lt;developer token&gt;:&lt;client secret&gt;:&lt;refresh token&gt; (at token)',
    ]);
    expect(await storage.listSettings()).toEqual([]);
    expect((await post('token', { token: 'dev:GOCSPX-x:1//refresh' })).status).toBe(303);
  });

  it("tests the connection in AdRoll's dry-run mode and reports what the platform said", async () => {
    const { post, platform } = await loggedIn();
    const none = await post('test', {});
    expect(alertOf(await none.text())).toBe('Test connection (none): no token is stored yet');
    await post('options', ADROLL_OPTIONS);
    await post('token', { token: 'wrong-token-0000' });
    const refused = await post('test', {});
    expect(alertOf(await refused.text())).toBe(
      'Test connection (dry run): AdRoll refused the token: token refused (HTTP 401: unauthorized).',
    );
    await post('token', { token: 'good-token-1234' });
    const good = await post('test', {});
    expect([good.status, statusOf(await good.text())]).toEqual([
      200,
      'Test connection (dry run): AdRoll accepted the test request.',
    ]);
    expect(platform.requests.map((r) => [r.url, r.headers.authorization])).toEqual([
      ['https://srv.adroll.com/api?advertisable=ADV1&dry_run=true', 'Token wrong-token-0000'],
      ['https://srv.adroll.com/api?advertisable=ADV1&dry_run=true', 'Token good-token-1234'],
    ]);
  });

  it('sends nothing to test a platform without a dry-run mode', async () => {
    const { post, platform } = await loggedIn('meta');
    await post('options', { pixelId: '123456789', baseUrl: '', apiVersion: '', testEventCode: '' });
    await post('token', { token: 'meta-token-5678' });
    const res = await post('test', {});
    expect(alertOf(await res.text())).toBe(
      'Test connection (not available): Meta Conversions API has no dry-run mode here, so nothing was sent; set a test event code to send a test event.',
    );
    expect(platform.requests).toEqual([]);
  });

  it('saves mapping rows atomically: many-to-one, blank rows ignored, removed rows dropped', async () => {
    const { post, storage } = await loggedIn();
    const res = await post('mapping', {
      'shop[]': ['purchase', 'order_paid', 'lead', 'contact', ''],
      'platform[]': ['purchase', 'purchase', 'formFill', 'formFill', ''],
      'remove[]': ['1'],
    });
    expect(res.status).toBe(303);
    expect((await storage.getSettings('adroll'))?.mapping).toEqual({
      purchase: 'purchase',
      lead: 'formFill',
      contact: 'formFill',
    });
  });

  it('refuses a refund mapped to a purchase event, with the reason', async () => {
    const { post, storage } = await loggedIn();
    const res = await post('mapping', {
      'shop[]': ['purchase', 'refund'],
      'platform[]': ['purchase', 'purchase'],
    });
    expect([res.status, alertOf(await res.text())]).toEqual([
      400,
      'a refund cannot be sent as &quot;purchase&quot;: AdRoll would count it as a purchase and add its value to revenue (at mapping.refund)',
    ]);
    expect(await storage.getSettings('adroll')).toBeUndefined();
  });

  it('offers only the shop events Tandem sends and refuses others, showing an old one so it can be removed', async () => {
    const { post, page, storage } = await loggedIn();
    const offered = [...(await page()).matchAll(/<select name="shop\[\]"[\s\S]*?<\/select>/g)].map(
      ([select]) => [...select.matchAll(/<option value="(\w*)"/g)].map(([, v]) => v),
    );
    expect(offered[0]).toEqual([
      '',
      'purchase',
      'refund',
      'lead',
      'sign_up',
      'subscribe',
      'start_trial',
      'contact',
    ]);
    const refused = await post('mapping', {
      'shop[]': ['purchase', 'order_paid'],
      'platform[]': ['purchase', 'purchase'],
    });
    expect([refused.status, alertOf(await refused.text())]).toEqual([
      400,
      'Row 2: Tandem never sends &quot;order_paid&quot;: only purchase, refund, lead, sign_up, subscribe, start_trial, contact create deliveries. Remove the row.',
    ]);
    expect(await storage.getSettings('adroll')).toBeUndefined();
    // A mapping saved before this rule (or through the delivery side) shows its row as never sent.
    await storage.putSettings({
      destination: 'adroll',
      enabled: false,
      mapping: { purchase: 'purchase', order_paid: 'purchase' },
      options: {},
      updatedAt: 1,
    });
    expect(/<option value="order_paid" selected="">([^<]*)</.exec(await page())?.[1]).toBe(
      'order_paid (never sent)',
    );
  });

  it('refuses a mapping with a shop event twice or an unknown platform event, saving nothing', async () => {
    const { post, storage } = await loggedIn();
    const twice = await post('mapping', {
      'shop[]': ['purchase', 'purchase'],
      'platform[]': ['purchase', 'pageView'],
    });
    const unknown = await post('mapping', { 'shop[]': ['purchase'], 'platform[]': ['Purchase'] });
    expect([
      twice.status,
      alertOf(await twice.text()),
      unknown.status,
      alertOf(await unknown.text()),
    ]).toEqual([
      400,
      'Shop event &quot;purchase&quot; is mapped twice; keep one row for it.',
      400,
      'Row 1: &quot;Purchase&quot; is not an event this platform accepts.',
    ]);
    expect(await storage.getSettings('adroll')).toBeUndefined();
  });

  it('shows the saved rows plus blank ones; "Add rows" keeps what was typed, unsaved', async () => {
    const { post, page, storage } = await loggedIn();
    await post('mapping', { 'shop[]': ['purchase', 'lead'], 'platform[]': ['purchase', 'formFill'] });
    expect((await page()).match(/name="shop\[\]"/g)?.length).toBe(4);
    const more = await post('mapping', {
      'shop[]': ['purchase', 'lead', '', ''],
      'platform[]': ['pageView', 'purchase', 'addToCart', ''],
      'remove[]': ['1'],
      more: '5',
    });
    const html = await more.text();
    const selected = (select: string) => /<option value="(\w*)" selected/.exec(select)?.[1] ?? '';
    const rows = [
      ...html.matchAll(
        /(<select name="shop\[\]"[\s\S]*?<\/select>)[\s\S]*?(<select name="platform\[\]"[\s\S]*?<\/select>)/g,
      ),
    ].map(([, shop = '', platform = '']) => [selected(shop), selected(platform)]);
    expect(rows).toEqual([['purchase', 'pageView'], ['', 'addToCart'], ...Array(5).fill(['', ''])]);
    expect((await storage.getSettings('adroll'))?.mapping).toEqual({
      purchase: 'purchase',
      lead: 'formFill',
    });
  });

  it('saves options typed by their fields; a blank field returns to its default', async () => {
    const { post, storage } = await loggedIn();
    expect((await post('options', { ...ADROLL_OPTIONS, dedup: 'always', graceSeconds: '60' })).status).toBe(
      303,
    );
    expect((await storage.getSettings('adroll'))?.options).toEqual({
      advertisableEid: 'ADV1',
      pixelEid: 'PIX1',
      dryRun: false,
      dedup: 'always',
      graceSeconds: 60,
      attributionAware: true,
      attributionWindowDays: 30,
    });
    await post('options', { ...ADROLL_OPTIONS, attributionWindowDays: '7' });
    expect((await storage.getSettings('adroll'))?.options).toMatchObject({ attributionWindowDays: 7 });
    expect((await storage.getSettings('adroll'))?.options).not.toHaveProperty('graceSeconds');
    const bad = await post('options', { ...ADROLL_OPTIONS, attributionWindowDays: '400' });
    const notWhole = await post('options', { ...ADROLL_OPTIONS, attributionWindowDays: '1.5' });
    expect([alertOf(await bad.text()), alertOf(await notWhole.text())]).toEqual([
      'Attribution window (days): enter a number from 1 to 365.',
      'Attribution window (days): enter a whole number.',
    ]);
  });

  it('shows a paused destination with its reason and resumes it, keeping the token', async () => {
    const { post, page, storage } = await loggedIn();
    await post('options', ADROLL_OPTIONS);
    await post('token', { token: 'tok-1234' });
    const before = await storage.getSettings('adroll');
    await storage.putSettings({ ...before!, pausedReason: 'token refused (HTTP 401)' });
    expect(/data-testid="paused-reason">([^<]*)</.exec(await page())?.[1]).toBe('token refused (HTTP 401)');
    expect((await post('resume', {})).status).toBe(303);
    const after = await storage.getSettings('adroll');
    expect([after?.pausedReason, after?.tokenCiphertext]).toEqual([undefined, before?.tokenCiphertext]);
    expect(await page()).not.toContain('paused-reason');
  });

  it('answers 404 for an unknown destination or action', async () => {
    const { browser, csrf, post } = await loggedIn();
    expect((await browser.get(`${BASE}/destinations/pinterest`)).status).toBe(404);
    expect((await browser.post(`${BASE}/destinations/pinterest/sharing`, { csrf })).status).toBe(404);
    expect((await post('explode', {})).status).toBe(404);
  });
});

describe('destination warnings', () => {
  it('warns on the destination and the list while Meta is set to a Graph API version near its end', async () => {
    const { storage, page, browser } = await loggedIn('meta');
    const meta = (apiVersion: string) =>
      storage.putSettings({
        destination: 'meta',
        enabled: false,
        mapping: { purchase: 'Purchase' },
        options: { pixelId: '1234567890', apiVersion },
        updatedAt: 0,
      });
    const warning = (html: string) => /data-testid="warning">([^<]*)</.exec(html)?.[1];
    await meta('v21.0');
    const expected =
      'Attention: Meta Graph API v21.0 expires on 2027-01-21 (in 59 days); set apiVersion to v26.0';
    expect(warning(await page())).toBe(expected);
    expect(await (await browser.get(`${BASE}/destinations`)).text()).toContain(expected);
    await meta('v26.0');
    expect(warning(await page())).toBeUndefined();
  });
});
