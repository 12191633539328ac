/**
 * A forged `X-Forwarded-Proto` does not decide whether cookies are `Secure`. Against `tandem serve`
 * over plain HTTP: without `trustProxy`, a client claiming https gets the dashboard's login and
 * session cookies and the visitor cookie without `Secure` (they would be kept off the plain http
 * the collector really serves); with `trustProxy` (a proxy that sets the header is in front), the
 * same header makes them `Secure`, as on https.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { BROWSER } from '../test-helpers.js';
import {
  ADMIN_SECRET,
  cookiesOf,
  csrfOf,
  MOUNT,
  prepareDb,
  serveCli,
  type Served,
} from '../node/served-cli.test-helpers.js';

const HTTPS = { 'x-forwarded-proto': 'https' };
const started: Served[] = [];
afterAll(async () => {
  for (const s of started) {
    expect(await s.stop()).toBe(0);
    rmSync(s.dir, { recursive: true, force: true });
  }
});

/** Every cookie the collector sets for a login and a beacon, by name: whether it is `Secure`. */
async function secureCookies(served: Served): Promise<Record<string, boolean>> {
  const form = await fetch(`${served.admin}/login`, { headers: HTTPS });
  const login = await fetch(`${served.admin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { ...HTTPS, cookie: cookiesOf(form), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf: csrfOf(await form.text()), secret: ADMIN_SECRET }),
  });
  expect(login.status).toBe(303);
  await login.body?.cancel();
  const beacon = await fetch(`${served.url}${MOUNT}/e`, {
    method: 'POST',
    headers: { ...HTTPS, 'content-type': 'text/plain', 'user-agent': BROWSER },
    body: JSON.stringify({
      v: 1,
      consent: { ads: true },
      events: [{ id: 'evt-proto-0001', name: 'pageView', ts: Date.now(), url: 'https://shop.test/' }],
    }),
  });
  expect(beacon.status).toBe(204);
  const all = [form, login, beacon].flatMap((r) => r.headers.getSetCookie());
  return Object.fromEntries(
    all.map((c) => [c.split('=')[0]!, c.split(';').some((part) => part.trim() === 'Secure')]),
  );
}

describe('the Secure cookie decision under a forged X-Forwarded-Proto', () => {
  it('ignores the header without trustProxy and believes it behind a trusted proxy', async () => {
    const direct = await serveCli(await prepareDb(), {});
    started.push(direct);
    const proxied = await serveCli(await prepareDb(), { trustProxy: true });
    started.push(proxied);
    const [forged, trusted] = [await secureCookies(direct), await secureCookies(proxied)];
    // The login form's cookie, the session and the visitor cookie are all among them.
    expect(Object.keys(trusted)).toEqual(expect.arrayContaining(['tdm_admin', '_tdm_vid']));
    const every = (secure: boolean) => Object.fromEntries(Object.keys(trusted).map((n) => [n, secure]));
    expect({ forged, trusted }).toEqual({ forged: every(false), trusted: every(true) });
  }, 60_000);
});
