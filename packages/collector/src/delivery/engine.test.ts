import { describe, expect, it } from 'vitest';
import { drain, order, scriptedFetch, START, world } from './engine.test-helpers.js';

const idle = {
  claimed: 0,
  requests: 0,
  delivered: 0,
  byPixel: 0,
  retried: 0,
  dead: 0,
  released: 0,
  uncertain: 0,
  lostLease: 0,
};

describe('delivery engine', () => {
  it('delivers every conversion once per destination, batching where the platform allows', async () => {
    const w = await world();
    await w.record([order(1), order(2), order(3)]);
    const platform = scriptedFetch(() => ({ status: 200, body: { events_received: 1 } }));
    const report = await w.engine(platform.fetch).runOnce();
    expect(report).toEqual({
      adroll: {
        claimed: 3,
        requests: 1,
        delivered: 3,
        byPixel: 0,
        retried: 0,
        dead: 0,
        released: 0,
        uncertain: 0,
        lostLease: 0,
      },
      meta: {
        claimed: 3,
        requests: 1,
        delivered: 3,
        byPixel: 0,
        retried: 0,
        dead: 0,
        released: 0,
        uncertain: 0,
        lostLease: 0,
      },
      neuroon: {
        claimed: 3,
        requests: 3,
        delivered: 3,
        byPixel: 0,
        retried: 0,
        dead: 0,
        released: 0,
        uncertain: 0,
        lostLease: 0,
      },
      // Registered but not configured in this world: nothing claimed, nothing sent.
      tiktok: idle,
      'google-ads': idle,
      ga4: idle,
    });
    expect(platform.sent.map((s) => [s.destination, s.ids.length]).sort()).toEqual([
      ['adroll', 3],
      ['meta', 3],
      ['neuroon', 1],
      ['neuroon', 1],
      ['neuroon', 1],
    ]);
    expect(await w.engine(platform.fetch).runOnce()).toMatchObject({
      adroll: { claimed: 0 },
      meta: { claimed: 0 },
    });
    expect(platform.sent).toHaveLength(5);
  });

  it('rides out an outage: 500s, then 429 with Retry-After, then 200; never retries a 4xx', async () => {
    const w = await world();
    await w.record([order(1), order(2)]);
    const times: Record<string, number[]> = {};
    const platform = scriptedFetch((req) => {
      const seen = (times[req.destination] ??= []);
      seen.push(w.clock.now);
      if (seen.length <= 3) return { status: 503 };
      if (seen.length === 4) return { status: 429, headers: { 'retry-after': '120' } };
      return { status: 200, body: {} };
    });
    const engine = w.engine(platform.fetch);
    await drain(w, engine);
    const rows = await w.storage.listOutbox({ limit: 100 });
    expect(rows.map((r) => r.status)).toEqual(Array(6).fill('delivered'));
    expect(rows.filter((r) => r.destination !== 'neuroon').map((r) => r.attempts)).toEqual([5, 5, 5, 5]);
    const perPlatform = (d: string) =>
      platform.accepted
        .filter((s) => s.destination === d)
        .flatMap((s) => s.ids)
        .sort();
    expect(perPlatform('adroll')).toEqual([order(1).eventId, order(2).eventId].sort());
    expect(perPlatform('meta')).toEqual([order(1).eventId, order(2).eventId].sort());
    // The attempt after the 429 waited at least the 120 s the platform asked for.
    const meta = times.meta ?? [];
    expect((meta[4] ?? 0) - (meta[3] ?? 0)).toBeGreaterThanOrEqual(120_000);
    // Backoff grows: each wait is longer than the one before.
    const gaps = meta.slice(1).map((t, i) => t - (meta[i] ?? 0));
    expect(gaps.slice(0, 3)).toEqual([...gaps.slice(0, 3)].sort((a, b) => a - b));

    const bad = await world();
    await bad.record([order(7)]);
    const refusing = scriptedFetch(() => ({
      status: 400,
      body: { error: { code: 100, message: 'Invalid parameter' } },
    }));
    await drain(bad, bad.engine(refusing.fetch));
    expect(refusing.sent.map((s) => s.destination).sort()).toEqual(['adroll', 'meta', 'neuroon']);
    expect(
      (await bad.storage.listOutbox({ status: 'dead' })).map((r) => [r.destination, r.reason]).sort(),
    ).toEqual([
      ['adroll', 'HTTP 400: {"error":{"code":100,"message":"Invalid parameter"}}'],
      ['meta', 'HTTP 400: code 100: Invalid parameter'],
      ['neuroon', 'HTTP 400: {"error":{"code":100,"message":"Invalid parameter"}}'],
    ]);
  });

  it('one bad event never sinks a batch: a refused batch is split until the bad event is alone', async () => {
    const w = await world();
    await w.record([1, 2, 3, 4, 5].map((n) => order(n)));
    const poison = order(4).eventId;
    const platform = scriptedFetch((req) =>
      req.ids.includes(poison)
        ? { status: 400, body: { error: { code: 100, message: 'bad' } } }
        : { status: 200, body: {} },
    );
    await drain(w, w.engine(platform.fetch));
    const dead = await w.storage.listOutbox({ status: 'dead' });
    expect(dead.map((r) => [r.destination, r.eventId]).sort()).toEqual([
      ['adroll', poison],
      ['meta', poison],
      ['neuroon', poison],
    ]);
    expect(await w.storage.listOutbox({ status: 'delivered', limit: 100 })).toHaveLength(12);
    expect(platform.accepted.flatMap((s) => s.ids).filter((id) => id === poison)).toEqual([]);
  });

  it('gives up only past both the attempt count and the time window, into the dead letters', async () => {
    const w = await world();
    await w.record([order(1)]);
    const platform = scriptedFetch(
      () => ({ status: 500 }),
      () => w.clock.now,
    );
    await drain(w, w.engine(platform.fetch), 500);
    const dead = await w.storage.listOutbox({ status: 'dead' });
    const byDest = Object.fromEntries(dead.map((r) => [r.destination, r]));
    const lastSend = (d: string) =>
      Math.max(...platform.sent.filter((x) => x.destination === d).map((x) => x.at));
    for (const [d, attempts, windowMs] of [
      ['adroll', 12, 3 * 86_400_000],
      ['meta', 10, 12 * 3_600_000],
      ['neuroon', 12, 3 * 86_400_000],
    ] as const) {
      const row = byDest[d];
      expect(row?.reason).toMatch(/^gave up after \d+ attempts: HTTP 500$/);
      expect(row?.attempts).toBeGreaterThanOrEqual(attempts);
      expect(platform.sent.filter((x) => x.destination === d)).toHaveLength(row?.attempts ?? -1);
      expect(lastSend(d) - START).toBeGreaterThanOrEqual(windowMs);
    }
    // Meta's retries stop well inside its 48-hour dedup window.
    expect(lastSend('meta') - START).toBeLessThan(24 * 3_600_000);
  });

  it('never sends Meta a conversion past its delivery deadline, even after a long pause', async () => {
    const w = await world();
    await w.record([order(1)]);
    w.clock.now = START + 36 * 3_600_000;
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    await w.engine(platform.fetch).runOnce();
    const [row] = await w.storage.listOutbox({ destination: 'meta' });
    // The storage counts dead-lettering as an attempt, even when nothing was sent.
    expect([row?.status, row?.reason, row?.attempts]).toEqual(['dead', 'past the 36 h delivery deadline', 1]);
    expect(platform.sent.map((x) => x.destination).sort()).toEqual(['adroll', 'neuroon']);
  });
});
