/**
 * Platforms that echo the token in their error body (`invalid token <token>`), first on a 500
 * (the row's retry reason is stored) and then on a 401 (the destination pauses with the reason).
 * Against `tandem serve` on SQLite with the sandbox's AdRoll, Meta, Neuroon, TikTok (which answers
 * HTTP 200 with its error code in the body), Google Ads and GA4: no token (nor any part of Google's
 * three-part one, nor the access tokens it is exchanged for) appears in the process's output, in
 * the database files (WAL included) or in any dashboard page, the detail pages with each attempt's
 * request body and answer included.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { COOKIES, purchaseEventId } from '@tandem/protocol';
import { startSandbox, type Platform, type Sandbox } from '@tandem/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxConnections } from '../sandbox-settings.js';
import {
  ADMIN_SECRET,
  eventually,
  login,
  postOrderTo,
  prepareDb,
  sandboxAdroll,
  serveCli,
  type Served,
} from '../node/served-cli.test-helpers.js';

/** One token of no known shape (only knowing it finds it), a Meta-shaped one, a key-shaped one. */
const TOKENS = {
  adroll: 'adroll-server-token-7f3k9q',
  meta: 'EAAGm0PX4ZCpsBAJZCZBqZBZB0ZDtandemsecuritysuite',
  neuroon: 'sk_live_neuroonsecuritysuite',
  tiktok: 'tiktok-events-token-5m2p8x',
  ga4: 'ga4secret_securitysuite9',
} as const;
/** Google Ads' stored token is three secrets; each must stay hidden on its own. */
const GOOGLE = {
  developerToken: 'devtoken-securitysuite-4k2',
  clientSecret: 'GOCSPX-securitysuite-secret',
  refreshToken: '1//securitysuite-refresh-token',
} as const;
const GOOGLE_TOKEN = `${GOOGLE.developerToken}:${GOOGLE.clientSecret}:${GOOGLE.refreshToken}`;
const SECRETS = [...Object.values(TOKENS), ...Object.values(GOOGLE), GOOGLE_TOKEN];

let sandbox: Sandbox;
let served: Served;
beforeAll(async () => {
  sandbox = await startSandbox({
    tls: false,
    adroll: { token: TOKENS.adroll },
    meta: { accessToken: TOKENS.meta },
    neuroon: { apiKey: TOKENS.neuroon },
    tiktok: { accessToken: TOKENS.tiktok },
    googleAds: GOOGLE,
    ga4: { apiSecret: TOKENS.ga4 },
  });
  const to = sandboxConnections(sandbox);
  const where = await prepareDb([
    sandboxAdroll(sandbox, { token: TOKENS.adroll }),
    { name: 'meta', token: TOKENS.meta, options: to.meta.options },
    { name: 'neuroon', token: TOKENS.neuroon, options: to.neuroon.options },
    { name: 'tiktok', token: TOKENS.tiktok, options: to.tiktok.options },
    { name: 'google-ads', token: GOOGLE_TOKEN, options: to['google-ads'].options },
    { name: 'ga4', token: TOKENS.ga4, options: to.ga4.options },
  ]);
  served = await serveCli(where);
}, 30_000);
afterAll(async () => {
  expect(await served?.stop()).toBe(0);
  await sandbox?.close();
  if (served) rmSync(served.dir, { recursive: true, force: true });
});

const PLATFORMS: Platform[] = ['adroll', 'meta', 'neuroon', 'tiktok', 'googleAds', 'ga4'];
/** Sandbox platform -> the collector's destination name. */
const NAME: Record<Platform, string> = {
  adroll: 'adroll',
  meta: 'meta',
  neuroon: 'neuroon',
  tiktok: 'tiktok',
  googleAds: 'google-ads',
  ga4: 'ga4',
};
/** Google Ads answers a 401 for an access token by refreshing it (retry), not by pausing. */
const PAUSING: Platform[] = ['adroll', 'meta', 'neuroon', 'tiktok', 'ga4'];

function query<T>(sql: string, ...params: unknown[]): T[] {
  const db = new Database(served.db, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

const placeOrder = (orderId: string) =>
  postOrderTo(served.url, {
    order_id: orderId,
    value: 30,
    currency: 'EUR',
    products: [{ id: 'p1', quantity: 1, price: 30 }],
    email: 'customer@example.com',
    ip: '203.0.113.9',
    user_agent: 'Mozilla/5.0 (security suite)',
    page_url: 'http://shop.test/thanks',
    consent: { ads: true },
    cookies: {
      [COOKIES.vidServer]: `vid-${orderId}`,
      [COOKIES.search]: JSON.stringify({ p1: 'search-log-1' }),
    },
  });

/** Every page the dashboard has, as the logged-in admin sees it. */
async function dashboardPages(): Promise<Record<string, string>> {
  const { session } = await login(served.admin, ADMIN_SECRET);
  expect(session).toBeDefined();
  const paths = [
    '/login',
    '',
    '/destinations',
    ...PLATFORMS.map((p) => `/destinations/${NAME[p]}`),
    '/deliveries',
    '/deliveries?status=dead',
    '/deliveries?order=9001',
    '/deliveries?order=9002',
    ...['9001', '9002'].map((id) => `/deliveries/${purchaseEventId(id)}`),
  ];
  const pages: Record<string, string> = {};
  for (const path of paths) {
    const res = await fetch(`${served.admin}${path}`, { headers: { cookie: session ?? '' } });
    expect(res.status, `${path} ${served.output()}`).toBe(200);
    pages[path] = await res.text();
  }
  return pages;
}

describe('platform tokens echoed in error bodies', () => {
  it('are stored, logged and shown only redacted', async () => {
    for (const p of PLATFORMS) sandbox.fail(p, { status: 500, echoToken: true, times: 1 });
    expect((await placeOrder('9001')).status).toBe(201);
    // The first answer (500, token echoed) is kept as each row's retry reason.
    const retried = await eventually(() => {
      const rows = query<{ destination: string; reason: string }>(
        "SELECT destination, reason FROM outbox WHERE attempts > 0 AND status = 'pending' ORDER BY destination",
      );
      return rows.length === PLATFORMS.length ? rows : undefined;
    });
    expect(retried.map((r) => r.destination)).toEqual(PLATFORMS.map((p) => NAME[p]).sort());
    for (const r of retried) expect(r.reason).toContain('[redacted]');
    // Each row's attempt keeps the answer, redacted, and the body as sent, without the token.
    const answers = query<{ destination: string; status: number; response: string }>(
      'SELECT destination, status, response FROM attempts ORDER BY destination',
    );
    expect([...new Set(answers.map((a) => a.destination))]).toEqual(PLATFORMS.map((p) => NAME[p]).sort());
    for (const a of answers) expect(a.response).toContain('[redacted]');

    for (const p of PLATFORMS) sandbox.fail(p, { status: 401, echoToken: true });
    expect((await placeOrder('9002')).status).toBe(201);
    const paused = await eventually(() => {
      const rows = query<{ destination: string; body: string }>(
        'SELECT destination, body FROM settings ORDER BY destination',
      )
        .filter((r) => PAUSING.some((p) => NAME[p] === r.destination))
        .map((r) => JSON.parse(r.body) as { pausedReason?: string });
      return rows.every((s) => s.pausedReason) ? rows.map((s) => s.pausedReason) : undefined;
    });
    // Google Ads retried the echoed 401 (a new access token each time): redacted reasons too.
    const google = await eventually(() => {
      const rows = query<{ reason: string }>(
        "SELECT reason FROM outbox WHERE destination = 'google-ads' AND reason LIKE '%HTTP 401%'",
      );
      return rows.length ? rows : undefined;
    });
    for (const r of google) expect(r.reason).toContain('[redacted]');
    const echoedAccess = sandbox.ledger('googleAds').receipts.filter((r) => r.status === 401);
    expect(echoedAccess.length).toBeGreaterThan(0);
    for (const reason of paused) expect(reason).toContain('[redacted]');
    // What the platforms were sent really did echo each token (the sandbox's ledger holds none).
    const echoed = sandbox.ledger('adroll').receipts.filter((r) => r.status === 401);
    expect(echoed.length).toBeGreaterThan(0);

    const pages = await dashboardPages();
    const files = readdirSync(served.dir)
      .filter((f) => f.startsWith('tandem.db'))
      .map((f) => [f, readFileSync(join(served.dir, f)).toString('latin1')] as const);
    expect(files.map(([f]) => f)).toContain('tandem.db-wal');
    // Access tokens the sandbox issued (and echoed back in its 401s).
    const issued = [...served.output().matchAll(/ya29\.sandbox-[\w-]+/g)].map((m) => m[0]);
    expect(issued).toEqual([]);
    for (const [f, bytes] of files) expect(bytes, f).not.toMatch(/ya29\.sandbox-/);
    for (const token of SECRETS) {
      expect(served.output(), 'process output').not.toContain(token);
      for (const [f, bytes] of files) expect(bytes, f).not.toContain(token);
      for (const [path, html] of Object.entries(pages)) expect(html, path).not.toContain(token);
    }
    // The operator still learns what happened.
    expect(served.output()).toMatch(
      /tandem delivery adroll: paused: token refused \(HTTP 401: .*\[redacted\]/,
    );
    expect(pages['/destinations/meta']).toContain('[redacted]');
    expect(pages[`/deliveries/${purchaseEventId('9001')}`]).toMatch(
      /data-testid="attempt-response"[^>]*>[^<]*\[redacted\]/,
    );
    expect(pages['/destinations/tiktok']).toContain('access token refused (code 40105: ');
    expect(pages['/destinations/google-ads']).toContain('Three secrets joined by colons');
  }, 60_000);
});
