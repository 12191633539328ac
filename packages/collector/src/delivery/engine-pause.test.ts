import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../storage/types.js';
import { saveDestinationSettings } from './settings.js';
import { drain, order, scriptedFetch, START, statuses, world } from './engine.test-helpers.js';

describe('delivery engine: tokens, leases and the pixel', () => {
  it('a revoked token pauses the destination with nothing lost, and a new token resumes it', async () => {
    const w = await world();
    await w.record([order(1), order(2)]);
    let revoked = true;
    const platform = scriptedFetch((req) =>
      req.destination === 'adroll' && revoked ? { status: 401 } : { status: 200, body: {} },
    );
    const engine = w.engine(platform.fetch);
    const first = await engine.runOnce();
    expect(first.adroll).toEqual({
      claimed: 2,
      requests: 1,
      delivered: 0,
      byPixel: 0,
      retried: 0,
      dead: 0,
      released: 2,
      uncertain: 0,
      lostLease: 0,
      paused: 'token refused (HTTP 401)',
    });
    expect((await w.storage.getSettings('adroll'))?.pausedReason).toBe('token refused (HTTP 401)');
    w.clock.now += 3_600_000;
    await engine.runOnce();
    expect(platform.sent.filter((s) => s.destination === 'adroll')).toHaveLength(1);
    const held = await w.storage.listOutbox({ destination: 'adroll' });
    expect(held.map((r) => [r.status, r.attempts])).toEqual([
      ['pending', 0],
      ['pending', 0],
    ]);

    revoked = false;
    await saveDestinationSettings(w.storage, w.box, 'adroll', { token: 'adroll-token-2' }, w.clock.now);
    await drain(w, engine);
    const last = platform.sent.at(-1);
    expect(last?.headers.authorization).toBe('Token adroll-token-2');
    expect(
      platform.accepted
        .filter((s) => s.destination === 'adroll')
        .flatMap((s) => s.ids)
        .sort(),
    ).toEqual([order(1).eventId, order(2).eventId].sort());
    expect((await w.storage.listOutbox({ status: 'delivered', limit: 100 })).length).toBe(6);
  });

  it("Meta's code 190 pauses too", async () => {
    const w = await world();
    await w.record([order(1)]);
    const platform = scriptedFetch((req) =>
      req.destination === 'meta'
        ? { status: 400, body: { error: { code: 190, message: 'Error validating access token' } } }
        : { status: 200 },
    );
    await w.engine(platform.fetch).runOnce();
    expect((await w.storage.getSettings('meta'))?.pausedReason).toBe(
      'access token refused (code 190: Error validating access token)',
    );
  });

  it('a response lost after the platform accepted it is resent only with the same event ID, and only where the platform dedups', async () => {
    const w = await world();
    await w.record([order(1)]);
    let lost = 0;
    const platform = scriptedFetch(() => (lost++ < 3 ? 'network-error' : { status: 200, body: {} }));
    await drain(w, w.engine(platform.fetch));
    const id = order(1).eventId.slice(0, 6);
    // AdRoll cannot absorb a resend: a send with no answer is held for the operator instead.
    expect(await statuses(w.storage)).toEqual([
      `adroll ${id} uncertain 1`,
      `meta ${id} delivered/server 2`,
      `neuroon ${id} delivered/server 2`,
    ]);
    // Every send of the order, lost or not, carried the same event ID.
    expect(new Set(platform.sent.flatMap((s) => s.ids))).toEqual(new Set([order(1).eventId]));
    expect(platform.sent.filter((s) => s.destination === 'adroll')).toHaveLength(1);
    expect((await w.storage.listOutbox({ destination: 'meta' }))[0]?.reason).toBe('network: fetch failed');
    expect((await w.storage.listOutbox({ destination: 'adroll' }))[0]?.reason).toBe(
      'no answer (network: fetch failed): AdRoll may or may not have counted it; replay only if its report lacks the order',
    );
  });

  it('a worker whose lease expired cannot settle: the row is delivered once in the record', async () => {
    const w = await world();
    await w.record([order(1)]);
    let release: () => void = () => {};
    const hung = new Promise<void>((resolve) => (release = resolve));
    const slow = scriptedFetch(async (req) => {
      if (req.destination === 'meta') await hung;
      return { status: 200, body: {} };
    });
    const fast = scriptedFetch(() => ({ status: 200, body: {} }));
    const a = w.engine(slow.fetch, { leaseMs: 120_000, timeoutMs: 60_000 });
    const b = w.engine(fast.fetch, { leaseMs: 120_000 });
    const roundA = a.runOnce();
    await new Promise((r) => setTimeout(r, 20));
    w.clock.now += 121_000;
    const roundB = await b.runOnce();
    expect(roundB.meta?.delivered).toBe(1);
    release();
    expect((await roundA).meta).toMatchObject({ delivered: 0, lostLease: 1 });
    const [row] = await w.storage.listOutbox({ destination: 'meta' });
    expect([row?.status, row?.attempts, row?.deliveredAt]).toEqual(['delivered', 1, START + 121_000]);
  });

  it('does not start a send when too little of the lease is left', async () => {
    const w = await world();
    await w.record([order(1)]);
    const platform = scriptedFetch(() => ({ status: 200 }));
    // A clock that jumps 6 s at every reading: by the time the batch is ready, the 20 s lease
    // has less than the 10 s timeout left.
    let t = START;
    const engine = w.engine(platform.fetch, { leaseMs: 20_000, timeoutMs: 10_000, now: () => (t += 6_000) });
    const report = await engine.runOnce();
    expect(report.meta).toMatchObject({ claimed: 1, requests: 0, released: 1 });
    expect(platform.sent.filter((x) => x.destination === 'meta')).toEqual([]);
  });

  it('AdRoll single-channel: waits the grace period, then settles by the pixel or sends', async () => {
    const w = await world({ adroll: { dedup: 'single-channel', graceSeconds: 60 } });
    await w.record([order(1), order(2)]);
    const beacon = (n: number, adroll: 'loaded' | 'blocked'): StoredEvent => ({
      id: order(n).eventId,
      name: 'purchase',
      visitorId: 'v1',
      receivedAt: START + 5_000,
      url: 'https://shop.example/thanks',
      props: {},
      pixels: { adroll },
      consent: { ads: true },
      ids: undefined,
    });
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    const engine = w.engine(platform.fetch);
    expect((await engine.runOnce()).adroll?.claimed).toBe(0);
    const visitor = { id: 'v1', seenAt: START + 5_000, consent: { ads: true } };
    await w.storage.recordBeacon(visitor, [beacon(1, 'loaded'), beacon(2, 'blocked')]);
    w.clock.now = START + 60_000;
    expect((await engine.runOnce()).adroll).toMatchObject({
      claimed: 2,
      requests: 1,
      delivered: 1,
      byPixel: 1,
    });
    expect(platform.sent.filter((s) => s.destination === 'adroll').flatMap((s) => s.ids)).toEqual([
      order(2).eventId,
    ]);
    const rows = await w.storage.listOutbox({ destination: 'adroll' });
    expect(rows.map((r) => [r.eventId, r.via, r.attempts]).sort()).toEqual(
      [
        [order(1).eventId, 'pixel', 0],
        [order(2).eventId, 'server', 1],
      ].sort(),
    );
  });

  it("AdRoll single-channel: a beacon from another visitor does not stand for the order's pixel", async () => {
    const w = await world({ adroll: { dedup: 'single-channel', graceSeconds: 60 } });
    await w.record([order(1)]);
    const forged: StoredEvent = {
      id: order(1).eventId,
      name: 'purchase',
      visitorId: 'someone-else',
      receivedAt: START + 5_000,
      url: 'https://shop.example/thanks',
      props: {},
      pixels: { adroll: 'loaded' },
      consent: { ads: true },
      ids: undefined,
    };
    await w.storage.recordBeacon({ id: 'someone-else', seenAt: START + 5_000, consent: { ads: true } }, [
      forged,
    ]);
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    w.clock.now = START + 60_000;
    expect((await w.engine(platform.fetch).runOnce()).adroll).toMatchObject({
      claimed: 1,
      delivered: 1,
      byPixel: 0,
    });
    expect(platform.sent.filter((s) => s.destination === 'adroll').flatMap((s) => s.ids)).toEqual([
      order(1).eventId,
    ]);
  });

  it('keeps to the rate limit: a destination at 60/min sends one request a second', async () => {
    const w = await world({ neuroon: { perMinute: 60, concurrency: 1 } });
    await w.record([1, 2, 3, 4, 5].map((n) => order(n)));
    const platform = scriptedFetch(
      () => ({ status: 200 }),
      () => w.clock.now,
    );
    const engine = w.engine(platform.fetch);
    for (let i = 0; i < 10; i++) {
      await engine.runOnce();
      w.clock.now += 500;
    }
    const times = platform.sent.filter((s) => s.destination === 'neuroon').map((s) => s.at - START);
    expect(times).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
  });
});

describe('delivery engine in the background', () => {
  it('start() delivers as rows arrive and stop() waits for the rounds in flight', async () => {
    const w = await world();
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    const engine = w.engine(platform.fetch, { idleMs: 60_000 });
    engine.start();
    await new Promise((r) => setTimeout(r, 20));
    await w.record([order(1)]);
    engine.wake();
    for (let i = 0; i < 200 && platform.accepted.length < 3; i++) await new Promise((r) => setTimeout(r, 5));
    await engine.stop();
    expect(platform.accepted.map((s) => s.destination).sort()).toEqual(['adroll', 'meta', 'neuroon']);
    const sentBefore = platform.sent.length;
    await w.record([order(2)]);
    await new Promise((r) => setTimeout(r, 30));
    expect(platform.sent.length).toBe(sentBefore);
  });
});
