/**
 * Google Ads and GA4 against the loopback sandbox (real HTTP, the fakes' own validation, OAuth
 * and dedup), on SQLite, with a fake clock shared by the engine and the platforms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { purchaseEventId } from '@tandem/protocol';
import { startSandbox, type Sandbox } from '@tandem/sandbox';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { testConnection } from '../dashboard/destinations/connection.js';
import { createDeliveryEngine, type EngineDeps } from '../delivery/engine.js';
import { drain, order, START } from '../delivery/engine.test-helpers.js';
import { planOutbox } from '../delivery/plan.js';
import { createTokenBox, parseTokenKeys } from '../delivery/secrets.js';
import { saveDestinationSettings } from '../delivery/settings.js';
import { ga4 } from '../destinations/ga4.js';
import { googleAds } from '../destinations/google-ads.js';
import { forgetGoogleAccessTokens } from '../destinations/google-oauth.js';
import type { Storage, StoredOrder } from '../storage/types.js';
import { sqliteStorage } from './sqlite-storage.js';

const KEY = 'k1:' + btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
const GCLID = (n: number) => `Cj0KCQiA-sandbox-gclid-${n}`;
const dir = mkdtempSync(join(tmpdir(), 'tandem-google-sandbox-'));
let sandbox: Sandbox;
const clock = { now: START };
beforeAll(async () => {
  sandbox = await startSandbox({ tls: false, now: () => clock.now });
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => forgetGoogleAccessTokens());
afterEach(() => sandbox.reset());

const googleToken = () => {
  const g = sandbox.googleAds.credentials;
  return `${g.developerToken}:${g.clientSecret}:${g.refreshToken}`;
};
const googleOptions = () => ({
  baseUrl: sandbox.googleAds.url,
  tokenUrl: sandbox.googleAds.tokenUrl,
  customerId: sandbox.googleAds.credentials.customerId,
  conversionActionId: sandbox.googleAds.credentials.conversionActionId,
  clientId: sandbox.googleAds.credentials.clientId,
});
const ga4Options = () => ({ baseUrl: sandbox.ga4.url, measurementId: sandbox.ga4.credentials.measurementId });

let n = 0;
async function setup() {
  const storage: Storage = sqliteStorage(join(dir, `g${n++}.db`));
  const box = await createTokenBox(parseTokenKeys(KEY));
  clock.now = START;
  const save = (name: string, token: string, options: Record<string, unknown>) =>
    saveDestinationSettings(storage, box, name, { enabled: true, token, options }, clock.now);
  await save('google-ads', googleToken(), googleOptions());
  await save('ga4', sandbox.ga4.credentials.apiSecret, ga4Options());
  /** Records orders whose visitor landed with a gclid and carries a `_ga` client ID. */
  const record = async (orders: StoredOrder[]) => {
    const settings = await storage.listSettings();
    for (const o of orders) {
      const seen = (value: string) => ({ value, firstSeen: clock.now, lastSeen: clock.now });
      const visitor = {
        id: o.visitorId ?? 'v1',
        firstSeen: clock.now,
        lastSeen: clock.now,
        clickIds: { gclid: seen(GCLID(Number(o.orderId))), ga: seen(`${o.orderId}.1763640000`) },
        search: {},
        consent: { ads: true },
        user: {},
      };
      const rows = planOutbox({
        order: { ...o, confirmedAt: clock.now },
        visitor,
        beacon: undefined,
        settings,
        destinations: ['google-ads', 'ga4'],
        now: clock.now,
      });
      await storage.recordOrder({ ...o, confirmedAt: clock.now }, rows);
    }
  };
  const engine = (extra: Partial<EngineDeps> = {}) =>
    createDeliveryEngine({ storage, box, fetch, now: () => clock.now, random: () => 0.5, ...extra });
  const w = { storage, box, clock, record, engine: () => engine() };
  return { ...w, engine, drain: (e = engine()) => drain(w as never, e) };
}

const orders = (count: number, from = 1) => Array.from({ length: count }, (_, i) => order(from + i));
const server = (p: 'googleAds' | 'ga4') => sandbox.ledger(p).receipts.filter((r) => r.endpoint !== 'token');
const tokenRequests = () => sandbox.ledger('googleAds').receipts.filter((r) => r.endpoint === 'token');
const countedOrders = (p: 'googleAds' | 'ga4') =>
  sandbox
    .ledger(p)
    .counted.map((c) =>
      p === 'googleAds'
        ? (c.data as { orderId: string }).orderId
        : (c.data as { events: Array<{ params: { transaction_id: string } }> }).events[0]?.params
            .transaction_id,
    )
    .sort();
const ids = (count: number, from = 1) =>
  orders(count, from)
    .map((o) => o.orderId)
    .sort();

describe('Google Ads and GA4 against the sandbox', { timeout: 30_000 }, () => {
  it('outage: 500s, then 429 with Retry-After, then 200: each conversion counted once, one OAuth exchange', async () => {
    const w = await setup();
    await w.record(orders(12));
    for (const p of ['googleAds', 'ga4'] as const) sandbox.fail(p, { status: 500, times: 2 });
    const e = w.engine();
    for (let i = 0; i < 10 && server('ga4').length < 2; i++) {
      await e.runOnce();
      clock.now += 60_000;
    }
    for (const p of ['googleAds', 'ga4'] as const) sandbox.fail(p, { status: 429, retryAfter: 90, times: 1 });
    await w.drain(e);
    for (const p of ['googleAds', 'ga4'] as const) {
      expect(countedOrders(p)).toEqual(ids(12));
      expect(sandbox.ledger(p).duplicates).toEqual([]);
      const statuses = server(p).map((r) => r.status);
      expect(statuses.filter((s) => s >= 400 && s < 500 && s !== 429)).toEqual([]);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
    }
    // Google Ads batches: 12 conversions in one upload once the outage is over.
    expect(server('googleAds').filter((r) => r.status === 200)).toHaveLength(1);
    expect(tokenRequests().map((r) => r.status)).toEqual([200]);
    await w.storage.close();
  });

  it('refreshes the access token when it nears expiry, never presenting an expired one', async () => {
    const w = await setup();
    await w.record(orders(2));
    await w.drain();
    clock.now += 2 * 3_600_000;
    await w.record(orders(2, 3));
    await w.drain();
    expect(tokenRequests().map((r) => r.status)).toEqual([200, 200]);
    expect(server('googleAds').map((r) => r.status)).toEqual([200, 200]);
    expect(countedOrders('googleAds')).toEqual(ids(4));
    await w.storage.close();
  });

  it('a revoked refresh token pauses Google Ads with nothing lost; the new token resumes it', async () => {
    const w = await setup();
    const g = sandbox.googleAds.credentials;
    await saveDestinationSettings(
      w.storage,
      w.box,
      'google-ads',
      { token: `${g.developerToken}:${g.clientSecret}:1//revoked-refresh-token` },
      clock.now,
    );
    await w.record(orders(3));
    const e = w.engine();
    await e.runOnce();
    const paused = (await w.storage.getSettings('google-ads'))?.pausedReason;
    expect(paused).toBe(
      'refresh token refused (OAuth token endpoint: invalid_grant (Token has been expired or revoked.))',
    );
    expect(server('googleAds')).toEqual([]);
    await saveDestinationSettings(w.storage, w.box, 'google-ads', { token: googleToken() }, clock.now);
    await w.drain(e);
    expect(countedOrders('googleAds')).toEqual(ids(3));
    await w.storage.close();
  });

  it('settles a partial failure row by row: the bad gclid is dead, the others are delivered in the same request', async () => {
    const w2 = await setup();
    const o = orders(3);
    // The visitor of order 1002 carries a gclid Google cannot decode.
    await w2.record([o[0] as StoredOrder, o[2] as StoredOrder]);
    const settings = await w2.storage.listSettings();
    const badOrder = o[1] as StoredOrder;
    const visitor = {
      id: 'v1',
      firstSeen: clock.now,
      lastSeen: clock.now,
      clickIds: { gclid: { value: 'not a gclid!', firstSeen: clock.now, lastSeen: clock.now } },
      search: {},
      consent: { ads: true },
      user: {},
    };
    const planned = planOutbox({
      order: { ...badOrder, confirmedAt: clock.now },
      visitor,
      beacon: undefined,
      settings,
      destinations: ['google-ads'],
      now: clock.now,
    });
    await w2.storage.recordOrder({ ...badOrder, confirmedAt: clock.now }, planned);
    await w2.drain();
    expect(server('googleAds').map((r) => r.status)).toEqual([200]);
    expect(countedOrders('googleAds')).toEqual(['1001', '1003']);
    const dead = await w2.storage.listOutbox({ status: 'dead', limit: 10 });
    expect(dead.map((r) => [r.destination, r.eventId, r.reason])).toEqual([
      [
        'google-ads',
        purchaseEventId('1002'),
        'Google Ads refused the conversion: conversionUploadError UNPARSEABLE_GCLID: The gclid could not be decoded.',
      ],
    ]);
    await w2.storage.close();
  });

  it('a response lost after Google and GA4 accepted it is resent, and each counts the order once', async () => {
    const w = await setup();
    await w.record(orders(2));
    sandbox.slow('googleAds', { delayMs: 400, times: 2 });
    sandbox.slow('ga4', { delayMs: 400, times: 1 });
    await w.drain(w.engine({ timeoutMs: 100, leaseMs: 60_000 }));
    await new Promise((r) => setTimeout(r, 450));
    for (const p of ['googleAds', 'ga4'] as const) {
      expect(countedOrders(p)).toEqual(ids(2));
      expect(sandbox.ledger(p).duplicates.length).toBeGreaterThan(0);
    }
    const delivered = await w.storage.listOutbox({ status: 'delivered', limit: 10 });
    expect(delivered).toHaveLength(4);
    await w.storage.close();
  });

  it("tests the connection in the platforms' validation modes, counting nothing", async () => {
    const check = (d: typeof googleAds | typeof ga4, options: Record<string, unknown>, token: string) =>
      testConnection({
        destination: d,
        options: d.options.parse(options) as Record<string, unknown>,
        mapping: d.defaultMapping,
        token,
        fetch,
        now: clock.now,
      });
    expect(await check(googleAds, googleOptions(), googleToken())).toEqual({
      ok: true,
      mode: 'dry run',
      message: 'Google Ads accepted the test request.',
    });
    expect(await check(ga4, ga4Options(), sandbox.ga4.credentials.apiSecret)).toEqual({
      ok: true,
      mode: 'dry run',
      message: 'Google Analytics 4 accepted the test request.',
    });
    const wrong = await check(ga4, ga4Options(), 'wrong_secret_123');
    expect(wrong.ok).toBe(false);
    expect(wrong.message).toMatch(/api_secret/);
    expect(wrong.message).not.toContain('wrong_secret_123');
    const revoked = await check(googleAds, googleOptions(), 'dev:GOCSPX-wrong-secret-1:1//refresh-x');
    expect(revoked.ok).toBe(false);
    expect(revoked.message).toMatch(/invalid_client/);
    expect(revoked.message).not.toMatch(/GOCSPX-wrong|refresh-x/);
    expect(sandbox.ledger('googleAds').counted).toEqual([]);
    expect(sandbox.ledger('ga4').counted).toEqual([]);
  });
});
