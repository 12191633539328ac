import { describe, expect, it } from 'vitest';
import type { Fetch } from './send.js';
import { destinationOf, order, scriptedFetch, statuses, world } from './engine.test-helpers.js';

const held = (what: string) =>
  `${what}: AdRoll may or may not have counted it; replay only if its report lacks the order`;

describe('delivery engine: a platform that cannot absorb a resend (AdRoll)', () => {
  it('marks rows sending before the request; after a crash they are held as uncertain, never resent', async () => {
    const w = await world();
    await w.record([order(1), order(2)]);
    const atSend: string[] = [];
    // The first process dies mid-send: Meta and Neuroon counted the request and the answer never
    // came back; AdRoll's request never left (the rows were marked, then the kill).
    const counted: string[] = [];
    const dying = scriptedFetch(async (req) => {
      const rows = await w.storage.listOutbox({ destination: req.destination });
      atSend.push(`${req.destination}: ${rows.map((r) => r.status).join(',')}`);
      if (req.destination !== 'adroll') counted.push(...req.ids.map((id) => `${req.destination} ${id}`));
      return new Promise<never>(() => {});
    });
    void w.engine(dying.fetch, { timeoutMs: 60_000 }).runOnce();
    for (let i = 0; i < 100 && atSend.length < 4; i++) await new Promise((r) => setTimeout(r, 5));
    expect(atSend.sort()).toEqual([
      'adroll: sending,sending',
      'meta: pending,pending',
      'neuroon: pending,pending',
      'neuroon: pending,pending',
    ]);

    // The next process, once the dead one's leases have expired.
    w.clock.now += 241_000; // the dying engine's lease: 4 x its 60 s timeout
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    const next = w.engine(platform.fetch);
    const report = await next.runOnce();
    expect(report.adroll).toMatchObject({ claimed: 0, requests: 0, uncertain: 2 });
    expect(platform.sent.map((s) => s.destination).sort()).toEqual(['meta', 'neuroon', 'neuroon']);
    const id = (n: number) => order(n).eventId.slice(0, 6);
    expect(await statuses(w.storage)).toEqual(
      [
        `adroll ${id(1)} uncertain 1`,
        `adroll ${id(2)} uncertain 1`,
        `meta ${id(1)} delivered/server 1`,
        `meta ${id(2)} delivered/server 1`,
        `neuroon ${id(1)} delivered/server 1`,
        `neuroon ${id(2)} delivered/server 1`,
      ].sort(),
    );
    expect((await w.storage.listOutbox({ status: 'uncertain' })).map((r) => r.reason)).toEqual([
      held('interrupted mid-send'),
      held('interrupted mid-send'),
    ]);
    w.clock.now += 86_400_000;
    await next.runOnce();
    expect(platform.sent.filter((s) => s.destination === 'adroll')).toEqual([]);

    // The operator finds order 2 missing from AdRoll's report and replays that one only.
    expect(await w.storage.replayUncertain(w.clock.now, { eventIds: [order(2).eventId] })).toBe(1);
    await next.runOnce();
    expect(platform.accepted.filter((s) => s.destination === 'adroll').map((s) => s.ids)).toEqual([
      [order(2).eventId],
    ]);
    expect((await w.storage.listOutbox({ destination: 'adroll', status: 'uncertain' })).length).toBe(1);
    // Meta counted each order in the dying process and again on the resend, which it deduplicates
    // by the same event ID.
    expect(counted.filter((x) => x.startsWith('meta')).sort()).toEqual(
      platform.accepted
        .filter((s) => s.destination === 'meta')
        .flatMap((s) => s.ids.map((x) => `meta ${x}`))
        .sort(),
    );
  });

  it('retries when no connection could be made, holds when the request went out without an answer', async () => {
    const attempt = async (failure: 'refused' | 'timeout') => {
      const w = await world();
      await w.record([order(1)]);
      const sent: string[] = [];
      const fetchFn: Fetch = async (url, init) => {
        const destination = destinationOf(url);
        sent.push(destination);
        if (destination !== 'adroll') return new Response('{}', { status: 200 });
        if (failure === 'refused')
          throw new TypeError('fetch failed', {
            cause: Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }),
          });
        return new Promise<Response>((_, reject) =>
          init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))),
        );
      };
      await w.engine(fetchFn, { timeoutMs: 30, leaseMs: 60_000 }).runOnce();
      const [row] = await w.storage.listOutbox({ destination: 'adroll' });
      return [row?.status, row?.attempts, row?.reason];
    };
    expect(await attempt('refused')).toEqual(['pending', 1, 'network: fetch failed']);
    expect(await attempt('timeout')).toEqual([
      'uncertain',
      1,
      held('no answer (network: timed out after 30 ms)'),
    ]);
  });

  it('a refused batch is split and sent again: it was counted nowhere', async () => {
    const w = await world();
    await w.record([1, 2, 3].map((n) => order(n)));
    const poison = order(2).eventId;
    const platform = scriptedFetch((req) =>
      req.ids.includes(poison) ? { status: 400, body: 'bad' } : { status: 200, body: {} },
    );
    const report = await w.engine(platform.fetch).runOnce();
    expect(report.adroll).toMatchObject({ requests: 5, delivered: 2, dead: 1, uncertain: 0, lostLease: 0 });
    expect((await w.storage.listOutbox({ destination: 'adroll' })).map((r) => r.status).sort()).toEqual([
      'dead',
      'delivered',
      'delivered',
    ]);
  });
});
