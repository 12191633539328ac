import { describe, expect, it } from 'vitest';
import { BASE, SECRET, csrfOf, makeDashboard } from '../test-helpers.js';

const PAGES = ['', '/destinations', '/destinations/adroll', '/deliveries', '/deliveries?order=1001'];
const FORMS = [
  '/logout',
  '/destinations/adroll/sharing',
  '/destinations/adroll/token',
  '/destinations/adroll/test',
  '/destinations/adroll/mapping',
  '/destinations/adroll/options',
  '/destinations/adroll/resume',
  '/deliveries/replay',
];

describe('dashboard login', () => {
  it('refuses every page and form without a session: pages redirect to login, forms get 401', async () => {
    const { client } = await makeDashboard();
    const browser = client();
    for (const page of PAGES) {
      const res = await browser.get(`${BASE}${page}`);
      expect({ page, status: res.status, location: res.headers.get('location') }).toEqual({
        page,
        status: 303,
        location: `${BASE}/login`,
      });
    }
    for (const form of FORMS) {
      const res = await browser.post(`${BASE}${form}`, { csrf: 'x', enabled: 'on', token: 'abcd1234' });
      expect({ form, status: res.status, body: await res.json() }).toEqual({
        form,
        status: 401,
        body: {
          error: {
            code: 'unauthenticated',
            message: 'Log in to the dashboard first.',
            where: 'session cookie',
            fix: `Log in at ${BASE}/login.`,
          },
        },
      });
    }
  });

  it('logs in with the secret and sets an HttpOnly, SameSite=Strict session cookie scoped to the dashboard', async () => {
    const { client } = await makeDashboard();
    const browser = client();
    const res = await browser.login();
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe(BASE);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tdm_admin='));
    expect(cookie).toMatch(/; Max-Age=28800; Path=\/app-data\/admin; HttpOnly; SameSite=Strict$/);
    expect((await browser.get(`${BASE}/destinations`)).status).toBe(200);
  });

  it('marks the cookie Secure on https behind a trusted proxy, never on a forged X-Forwarded-Proto', async () => {
    const secure = async (trustProxy: boolean) => {
      const { client } = await makeDashboard({ trustProxy });
      const res = await client().login(SECRET, { 'x-forwarded-proto': 'https' });
      return res.headers
        .getSetCookie()
        .find((c) => c.startsWith('tdm_admin='))
        ?.includes('; Secure;');
    };
    expect({ trusted: await secure(true), forged: await secure(false) }).toEqual({
      trusted: true,
      forged: false,
    });
  });

  it('answers a wrong secret the same way whatever it was, and gives no session', async () => {
    const { client } = await makeDashboard({ trustProxy: true });
    const answers = [];
    for (const secret of ['', 'x', SECRET.slice(0, -1), `${SECRET}!`]) {
      const browser = client();
      const res = await browser.login(secret, { 'x-forwarded-for': `10.0.0.${answers.length}` });
      const html = await res.text();
      answers.push({
        status: res.status,
        error: /role="alert">([^<]*)</.exec(html)?.[1],
        session: browser.jar.has('tdm_admin'),
      });
    }
    expect(answers).toEqual(
      Array(4).fill({ status: 401, error: 'That secret did not open the dashboard.', session: false }),
    );
  });

  it('slows down repeated failures per client, without checking the secret while the client waits', async () => {
    const { client, tick } = await makeDashboard({ trustProxy: true });
    const attacker = client();
    const from = { 'x-forwarded-for': '203.0.113.9' };
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await attacker.login('wrong', from)).status);
    // Even the right secret is refused while the wait lasts.
    const blocked = await attacker.login(SECRET, from);
    statuses.push(blocked.status, blocked.headers.get('retry-after'));
    tick(1000);
    statuses.push((await attacker.login('wrong again', from)).status);
    const longer = await attacker.login(SECRET, from);
    statuses.push(longer.status, longer.headers.get('retry-after'));
    expect(statuses).toEqual([401, 401, 401, 429, '1', 401, 429, '2']);
    // Another client is not affected.
    expect((await client().login(SECRET, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(303);
    tick(2000);
    expect((await attacker.login(SECRET, from)).status).toBe(303);
  });

  it('counts failures per socket address, whatever X-Forwarded-For says, unless trustProxy is set', async () => {
    const attempts = async (trustProxy: boolean) => {
      let address = '203.0.113.9';
      const { client } = await makeDashboard({ trustProxy, clientAddress: () => address });
      const attacker = client();
      const statuses = [];
      for (let i = 0; i < 5; i++) {
        statuses.push((await attacker.login('wrong', { 'x-forwarded-for': `198.51.100.${i}` })).status);
      }
      address = '192.0.2.7';
      statuses.push((await client().login(SECRET)).status);
      return statuses;
    };
    // Rotating the header does not make the attacker a new client; the marketer's address is untouched.
    expect(await attempts(false)).toEqual([401, 401, 401, 429, 429, 303]);
    // Behind a trusted proxy the header is the client: five different clients, each allowed.
    expect(await attempts(true)).toEqual([401, 401, 401, 401, 401, 303]);
  });

  it('refuses an oversized form before reading it', async () => {
    const { client } = await makeDashboard();
    const res = await client().post(`${BASE}/login`, { csrf: 'x', secret: 'a'.repeat(70_000) });
    expect([res.status, await res.json()]).toEqual([
      413,
      {
        error: {
          code: 'too_large',
          message: 'The form is larger than the dashboard accepts.',
          fix: 'Send at most 65536 bytes.',
        },
      },
    ]);
  });

  it('refuses a login post without the login form token', async () => {
    const { client } = await makeDashboard();
    const browser = client();
    await browser.get(`${BASE}/login`);
    const res = await browser.post(`${BASE}/login`, { csrf: 'forged', secret: SECRET });
    expect(res.status).toBe(403);
    expect(browser.jar.has('tdm_admin')).toBe(false);
  });

  it('refuses a forged or tampered session cookie', async () => {
    const { client } = await makeDashboard();
    const browser = client();
    await browser.login();
    const good = browser.jar.get('tdm_admin') ?? '';
    const [expires, idle, epoch, nonce, signature] = good.split('.');
    for (const value of [
      `${Number(expires) + 1000}.${idle}.${epoch}.${nonce}.${signature}`,
      `${expires}.${Number(idle) + 1000}.${epoch}.${nonce}.${signature}`,
      `${expires}.${idle}.${Number(epoch) + 1}.${nonce}.${signature}`,
      `${expires}.${idle}.${epoch}.other.${signature}`,
      'a.b.c.d.e',
      '',
    ]) {
      browser.jar.set('tdm_admin', value);
      expect((await browser.get(`${BASE}/destinations`)).status).toBe(303);
    }
    browser.jar.set('tdm_admin', good);
    expect((await browser.get(`${BASE}/destinations`)).status).toBe(200);
  });

  it('keeps a session in use alive until its 8 hours are up, and ends one idle for 30 minutes', async () => {
    const { client, tick } = await makeDashboard();
    const busy = client();
    const idle = client();
    await busy.login();
    await idle.login();
    const statuses: number[] = [];
    for (let minutes = 29; minutes < 8 * 60; minutes += 29) {
      tick(29 * 60_000);
      statuses.push((await busy.get(`${BASE}/destinations`)).status);
    }
    expect(statuses).toEqual(Array(16).fill(200));
    tick(29 * 60_000);
    expect((await busy.get(`${BASE}/destinations`)).status).toBe(303);
    expect((await idle.get(`${BASE}/destinations`)).status).toBe(303);
  });

  it('takes its idle time from sessionIdleMs', async () => {
    const { client, tick } = await makeDashboard({ sessionIdleMs: 60_000 });
    const browser = client();
    await browser.login();
    tick(59_000);
    expect((await browser.get(`${BASE}/destinations`)).status).toBe(200);
    tick(59_000);
    expect((await browser.get(`${BASE}/destinations`)).status).toBe(200);
    tick(60_000);
    expect((await browser.get(`${BASE}/destinations`)).status).toBe(303);
  });

  it('logs out every session at once, and a copy of the cookie is worthless after it', async () => {
    const { client } = await makeDashboard();
    const browser = client();
    const other = client();
    await browser.login();
    await other.login();
    const copy = browser.jar.get('tdm_admin') ?? '';
    const csrf = await browser.csrf();
    expect((await browser.post(`${BASE}/logout`, { csrf })).status).toBe(303);
    expect((await browser.get(`${BASE}/destinations`)).status).toBe(303);
    expect((await other.get(`${BASE}/destinations`)).status).toBe(303);
    browser.jar.set('tdm_admin', copy);
    expect((await browser.get(`${BASE}/destinations`)).status).toBe(303);
    // A new login works in the new epoch.
    await browser.login();
    expect((await browser.get(`${BASE}/destinations`)).status).toBe(200);
  });
});

describe('dashboard CSRF', () => {
  it('refuses every form without the session token, or with another session token', async () => {
    const { client, storage } = await makeDashboard();
    const browser = client();
    await browser.login();
    const other = client();
    await other.login();
    const foreign = await other.csrf();
    for (const form of FORMS) {
      for (const csrf of [undefined, '', foreign]) {
        const res = await browser.post(`${BASE}${form}`, {
          ...(csrf !== undefined && { csrf }),
          enabled: 'on',
          token: 'abcd1234',
        });
        expect({
          form,
          status: res.status,
          code: ((await res.json()) as { error: { code: string } }).error.code,
        }).toEqual({ form, status: 403, code: 'csrf' });
      }
    }
    expect(await storage.listSettings()).toEqual([]);
  });

  it('puts the same session token in every form of every page', async () => {
    const { client } = await makeDashboard();
    const browser = client();
    await browser.login();
    const csrf = await browser.csrf();
    for (const page of PAGES) {
      const html = await (await browser.get(`${BASE}${page}`)).text();
      const forms = html.match(/<form method="post"[\s\S]*?<\/form>/g) ?? [];
      expect(forms.length).toBeGreaterThan(0);
      for (const form of forms) expect(csrfOf(form)).toBe(csrf);
    }
  });

  it('sends headers that forbid script, framing and caching', async () => {
    const { client } = await makeDashboard();
    const res = await client().get(`${BASE}/login`);
    expect({
      csp: res.headers.get('content-security-policy'),
      frame: res.headers.get('x-frame-options'),
      cache: res.headers.get('cache-control'),
    }).toEqual({
      csp: "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      frame: 'DENY',
      cache: 'no-store',
    });
  });
});
