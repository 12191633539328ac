/**
 * Log out ends the session on the server: the old cookie and CSRF token, replayed, neither load a
 * page nor change a setting. Changing the admin secret ends every session too. Against `tandem
 * serve` on SQLite.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import {
  ADMIN_SECRET,
  csrfOf,
  login,
  prepareDb,
  serveCli,
  type Served,
} from '../node/served-cli.test-helpers.js';

const started: Served[] = [];
afterAll(async () => {
  for (const s of started) await s.stop();
  for (const s of started) rmSync(s.dir, { recursive: true, force: true });
});

async function serve(where: { dir: string; db: string }, env: Record<string, string> = {}) {
  const served = await serveCli(where, {}, env);
  started.push(served);
  return served;
}

const withMeta = () =>
  prepareDb([{ name: 'meta', token: 'meta-token-of-the-logout-test', options: { pixelId: '1234567890' } }]);

function metaSharing(db: string): boolean {
  const raw = new Database(db, { readonly: true });
  try {
    const row = raw.prepare("SELECT body FROM settings WHERE destination = 'meta'").get() as { body: string };
    return (JSON.parse(row.body) as { enabled: boolean }).enabled;
  } finally {
    raw.close();
  }
}

/** What someone holding `cookie` and `csrf` can do: load a page, and turn Meta's data sharing on or off. */
async function tryWith(served: Served, cookie: string, csrf: string, sharing: 'on' | 'off') {
  const page = await fetch(`${served.admin}/destinations`, { headers: { cookie }, redirect: 'manual' });
  await page.body?.cancel();
  const post = await fetch(`${served.admin}/destinations/meta/sharing`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf, ...(sharing === 'on' && { enabled: 'on' }) }),
  });
  await post.body?.cancel();
  return [page.status, post.status];
}

describe('admin sessions end on the server', () => {
  it('after log out, the old cookie and CSRF token neither load pages nor change settings', async () => {
    const served = await serve(await withMeta());
    const { session } = await login(served.admin, ADMIN_SECRET);
    const cookie = session!;
    const csrf = csrfOf(await (await fetch(`${served.admin}/destinations`, { headers: { cookie } })).text());
    expect(csrf).not.toBe('');
    // While logged in, both work.
    expect(await tryWith(served, cookie, csrf, 'off')).toEqual([200, 303]);
    expect(await tryWith(served, cookie, csrf, 'on')).toEqual([200, 303]);
    expect(metaSharing(served.db)).toBe(true);

    const out = await fetch(`${served.admin}/logout`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ csrf }),
    });
    expect([out.status, out.headers.get('location')]).toEqual([
      303,
      `${served.admin.replace(/^http:\/\/[^/]+/, '')}/login`,
    ]);

    // The replayed cookie and token: pages send to the login form, posts are refused, nothing changes.
    expect(await tryWith(served, cookie, csrf, 'off')).toEqual([303, 401]);
    expect(metaSharing(served.db)).toBe(true);
  }, 60_000);

  it('a new admin secret ends every session, across a restart', async () => {
    const where = await withMeta();
    const first = await serve(where);
    const { session } = await login(first.admin, ADMIN_SECRET);
    const cookie = session!;
    const csrf = csrfOf(await (await fetch(`${first.admin}/destinations`, { headers: { cookie } })).text());
    expect(await tryWith(first, cookie, csrf, 'on')).toEqual([200, 303]);
    expect(await first.stop()).toBe(0);

    const rotated = await serve(where, { TANDEM_ADMIN_SECRET: 'a brand new admin secret, rotated' });
    expect(await tryWith(rotated, cookie, csrf, 'off')).toEqual([303, 401]);
    expect(metaSharing(where.db)).toBe(true);
  }, 60_000);
});
