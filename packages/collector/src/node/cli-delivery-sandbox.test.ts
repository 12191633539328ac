/**
 * The engine against the loopback platform sandbox (real HTTP, the platforms' own validation and
 * dedup), on SQLite, with a fake clock shared by the engine and the platforms.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSandbox, type Sandbox } from '@tandem/sandbox';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryEngine } from '../delivery/engine.js';
import { drain, order, world, type World } from '../delivery/engine.test-helpers.js';
import { saveDestinationSettings } from '../delivery/settings.js';
import type { Platform } from '@tandem/sandbox';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-sandbox-'));
let sandbox: Sandbox;
const clock = { now: 0 };
beforeAll(async () => {
  sandbox = await startSandbox({ tls: false, now: () => clock.now });
});
afterAll(async () => {
  await sandbox.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => sandbox.reset());

let n = 0;
async function setup(orders: number): Promise<World> {
  const w = await world({ storage: sqliteStorage(join(dir, `s${n++}.db`)) });
  clock.now = w.clock.now;
  Object.defineProperty(w.clock, 'now', { get: () => clock.now, set: (v: number) => (clock.now = v) });
  const { adroll, meta, neuroon, tiktok } = sandbox;
  const save = (name: string, token: string, options: Record<string, unknown>) =>
    saveDestinationSettings(w.storage, w.box, name, { token, options }, clock.now);
  await save('adroll', adroll.credentials.token, {
    baseUrl: adroll.url,
    advertisableEid: adroll.credentials.advertisable,
    pixelEid: adroll.credentials.pixel,
  });
  await save('meta', meta.credentials.accessToken, { baseUrl: meta.url, pixelId: meta.credentials.pixelId });
  await save('neuroon', neuroon.credentials.apiKey, {
    baseUrl: neuroon.url,
    shopId: neuroon.credentials.shopId,
    origin: neuroon.credentials.origin,
  });
  // world() turned the other three on; TikTok is new here
  await saveDestinationSettings(
    w.storage,
    w.box,
    'tiktok',
    {
      enabled: true,
      token: tiktok.credentials.accessToken,
      options: { baseUrl: tiktok.url, pixelCode: tiktok.credentials.pixelCode },
    },
    clock.now,
  );
  await w.record(Array.from({ length: orders }, (_, i) => order(i + 1)));
  return w;
}

const engine = (w: World, extra = {}) =>
  createDeliveryEngine({
    storage: w.storage,
    box: w.box,
    fetch,
    now: () => clock.now,
    random: () => 0.5,
    ...extra,
  });

/**
 * Accepted server receipts per event ID (Meta and TikTok `event_id`, AdRoll `external_data`,
 * Neuroon `orderId`). TikTok refuses with HTTP 200 and a code: a receipt with an error is refused.
 */
function accepted(p: Platform): string[] {
  return sandbox
    .ledger(p)
    .receipts.filter((r) => r.path === 'server' && r.status < 300 && !r.error)
    .flatMap((r) => {
      const body = r.payload as never;
      if (p === 'meta' || p === 'tiktok')
        return (body as { data: Array<{ event_id: string }> }).data.map((e) => e.event_id);
      if (p === 'adroll') {
        return (body as Array<{ external_data: string }>).map(
          (e) => (JSON.parse(e.external_data) as { tandem_event_id: string }).tandem_event_id,
        );
      }
      return [order(Number((body as { orderId: string }).orderId) - 1000).eventId];
    })
    .sort();
}

const PLATFORMS: Platform[] = ['adroll', 'meta', 'neuroon', 'tiktok'];

// Real HTTP, SQLite and several delivery rounds: more than vitest's 5 s default on a loaded machine.
describe('delivery to the platform sandbox', { timeout: 30_000 }, () => {
  it('outage: 500s, then 429 with Retry-After, then 200: each conversion accepted exactly once, no 4xx', async () => {
    const w = await setup(12);
    for (const p of PLATFORMS) sandbox.fail(p, { status: 500, times: 2 });
    const e = engine(w);
    for (let i = 0; i < 10 && PLATFORMS.some((p) => sandbox.ledger(p).receipts.length < 2); i++) {
      await e.runOnce();
      clock.now += 60_000;
    }
    for (const p of PLATFORMS) sandbox.fail(p, { status: 429, retryAfter: 90, times: 1 });
    await drain(w, e);
    const ids = Array.from({ length: 12 }, (_, i) => order(i + 1).eventId).sort();
    for (const p of PLATFORMS) {
      const ledger = sandbox.ledger(p);
      expect(accepted(p)).toEqual(ids);
      expect(ledger.counted).toHaveLength(12);
      expect(ledger.receipts.map((r) => r.status).filter((s) => s >= 400 && s < 500 && s !== 429)).toEqual(
        [],
      );
      expect(ledger.receipts.filter((r) => r.error === 'failure switch: HTTP 429')).toHaveLength(1);
    }
    await w.storage.close();
  });

  it('a revoked token pauses the destination; the new token resumes it with nothing lost', async () => {
    const w = await setup(5);
    await saveDestinationSettings(w.storage, w.box, 'meta', { token: 'revoked-token' }, clock.now);
    const e = engine(w);
    await e.runOnce();
    expect((await w.storage.getSettings('meta'))?.pausedReason).toMatch(/^access token refused \(code 190/);
    clock.now += 3_600_000;
    await e.runOnce();
    expect(sandbox.ledger('meta').receipts).toHaveLength(1);
    await saveDestinationSettings(
      w.storage,
      w.box,
      'meta',
      { token: sandbox.meta.credentials.accessToken },
      clock.now,
    );
    await drain(w, e);
    expect(accepted('meta')).toEqual(Array.from({ length: 5 }, (_, i) => order(i + 1).eventId).sort());
    expect(sandbox.ledger('meta').counted).toHaveLength(5);
    await w.storage.close();
  });

  it('a revoked TikTok token (its code in an HTTP 200) pauses TikTok; the new token resumes it', async () => {
    const w = await setup(4);
    await saveDestinationSettings(w.storage, w.box, 'tiktok', { token: 'revoked-token' }, clock.now);
    const e = engine(w);
    await e.runOnce();
    expect((await w.storage.getSettings('tiktok'))?.pausedReason).toMatch(
      /^access token refused \(code 40105/,
    );
    clock.now += 3_600_000;
    await e.runOnce();
    expect(sandbox.ledger('tiktok').receipts).toHaveLength(1);
    const token = sandbox.tiktok.credentials.accessToken;
    await saveDestinationSettings(w.storage, w.box, 'tiktok', { token }, clock.now);
    await drain(w, e);
    expect(accepted('tiktok')).toEqual(Array.from({ length: 4 }, (_, i) => order(i + 1).eventId).sort());
    expect(sandbox.ledger('tiktok').counted).toHaveLength(4);
    await w.storage.close();
  });

  it('a response lost after Meta accepted it is resent with the same event ID, and Meta counts it once', async () => {
    const w = await setup(3);
    sandbox.slow('meta', { delayMs: 400, times: 1 });
    await drain(w, engine(w, { timeoutMs: 100, leaseMs: 60_000 }));
    await new Promise((r) => setTimeout(r, 450));
    const ledger = sandbox.ledger('meta');
    expect(ledger.receipts).toHaveLength(2);
    expect(ledger.counted.map((c) => c.key).sort()).toEqual(
      [1, 2, 3].map((i) => `Purchase|${order(i).eventId}`).sort(),
    );
    expect(ledger.duplicates.map((c) => c.key).sort()).toEqual(ledger.counted.map((c) => c.key).sort());
    await w.storage.close();
  });
});
