import { describe, expect, it } from 'vitest';
import type { StoredEvent, StoredOrder } from '../storage/types.js';
import { order, scriptedFetch, START, world, type World } from './engine.test-helpers.js';
import { planOutbox } from './plan.js';

/** An order the shop confirmed without page URL, IP or user agent (a back office, a webhook). */
const bare = (n: number, overrides: Partial<StoredOrder> = {}): StoredOrder => {
  const { pageUrl: _p, ip: _i, userAgent: _u, ...rest } = order(n, overrides);
  return rest;
};

async function recordBare(w: World, o: StoredOrder) {
  const rows = planOutbox({
    order: o,
    visitor: undefined,
    beacon: undefined,
    settings: await w.storage.listSettings(),
    destinations: ['adroll', 'meta'],
    now: w.clock.now,
  });
  await w.storage.recordOrder(o, rows);
}

const beacon = (over: Partial<StoredEvent>): StoredEvent => ({
  id: 'evt-page-0001',
  name: 'pageView',
  visitorId: 'v1',
  receivedAt: START,
  url: 'https://shop.example/cart',
  props: undefined,
  pixels: { adroll: 'blocked', meta: 'blocked' },
  consent: { ads: true },
  ids: undefined,
  userAgent: 'Beacon UA',
  ip: '198.51.100.0',
  fullIp: '198.51.100.23',
  ...over,
});

const visit = (w: World, e: StoredEvent) =>
  w.storage.recordBeacon({ id: e.visitorId, seenAt: e.receivedAt, consent: { ads: true } }, [e]);

type Sent = ReturnType<typeof scriptedFetch>['sent'];
const adrollEvent = (sent: Sent) =>
  (sent.find((s) => s.destination === 'adroll')?.body as Array<Record<string, unknown>> | undefined)?.[0];
const metaEvent = (sent: Sent) =>
  (sent.find((s) => s.destination === 'meta')?.body as { data: Array<Record<string, unknown>> } | undefined)
    ?.data[0];

const outcome = async (w: World) =>
  (await w.storage.listOutbox({})).map((r) => `${r.destination} ${r.status} ${r.reason ?? ''}`.trim()).sort();

describe('late context: page URL, IP and user agent from the visitor’s beacons at send time', () => {
  it('waits for the purchase beacon that comes after the order, then sends with its context', async () => {
    const w = await world();
    const o = bare(1);
    await recordBare(w, o);
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    const engine = w.engine(platform.fetch);
    await engine.runOnce();
    expect(platform.sent).toEqual([]);
    expect(await outcome(w)).toEqual([
      "adroll pending waiting for the visitor's beacon to bring the page URL, client IP",
      "meta pending waiting for the visitor's beacon to bring the user agent, page URL",
    ]);
    await visit(w, beacon({ id: o.eventId, name: 'purchase', url: 'https://shop.example/thanks/1001' }));
    w.clock.now += 1_000;
    await engine.runOnce();
    expect(adrollEvent(platform.sent)).toMatchObject({
      page_location: 'https://shop.example/thanks/1001',
      ip: '198.51.100.23',
      user_agent: 'Beacon UA',
    });
    expect(metaEvent(platform.sent)).toMatchObject({
      event_source_url: 'https://shop.example/thanks/1001',
      user_data: expect.objectContaining({
        client_ip_address: '198.51.100.23',
        client_user_agent: 'Beacon UA',
      }),
    });
    expect((await w.storage.listOutbox({})).map((r) => r.status)).toEqual(['delivered', 'delivered']);
  });

  it("never takes another visitor's beacon, not even one carrying the order's event ID", async () => {
    const w = await world();
    const o = bare(2);
    await recordBare(w, o);
    await visit(
      w,
      beacon({ id: o.eventId, name: 'purchase', visitorId: 'v2', url: 'https://shop.example/x' }),
    );
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    const engine = w.engine(platform.fetch);
    w.clock.now = START + 301_000; // past both grace periods
    await engine.runOnce();
    expect(platform.sent).toEqual([]);
    expect(await outcome(w)).toEqual([
      'adroll skipped no client IP (AdRoll requires it): the order carried none and no beacon of its visitor brought it within 300 s',
      'meta skipped no user agent (Meta Conversions API requires it): the order carried none and no beacon of its visitor brought it within 120 s',
    ]);
  });

  it("after the grace period takes the visitor's newest beacon, and the fallback page URL where one is set", async () => {
    const w = await world({ adroll: { fallbackPageUrl: 'https://shop.example/landing' } });
    await recordBare(w, bare(3));
    await visit(
      w,
      beacon({ url: 'https://shop.example/old', receivedAt: START - 60_000, id: 'evt-old-00001' }),
    );
    await visit(
      w,
      beacon({ url: 'https://shop.example/cart', receivedAt: START - 1_000, fullIp: '2001:db8::7' }),
    );
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    const engine = w.engine(platform.fetch);
    await engine.runOnce();
    expect(platform.sent).toEqual([]);
    w.clock.now = START + 301_000;
    await engine.runOnce();
    expect(adrollEvent(platform.sent)).toMatchObject({
      page_location: 'https://shop.example/cart',
      ip: '2001:db8::7',
    });
    expect(metaEvent(platform.sent)).toMatchObject({ event_source_url: 'https://shop.example/cart' });
  });

  it('sends a page URL of the shop when no beacon had one: the configured fallback, else the origin', async () => {
    const w = await world({ adroll: { fallbackPageUrl: 'https://shop.example/landing' } });
    const { pageUrl: _none, ...o } = order(4);
    const rows = planOutbox({
      order: o,
      visitor: undefined,
      beacon: undefined,
      settings: await w.storage.listSettings(),
      destinations: ['adroll', 'meta'],
      now: w.clock.now,
      clientIp: '203.0.113.7',
    });
    await w.storage.recordOrder(o, rows);
    // a beacon of another visitor: its page is not used, only the shop's origin for Meta's default
    await visit(w, beacon({ visitorId: 'v9', url: 'https://shop.example/other?q=1' }));
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    w.clock.now = START + 301_000;
    await w.engine(platform.fetch).runOnce();
    expect(adrollEvent(platform.sent)).toMatchObject({
      page_location: 'https://shop.example/landing',
      ip: '203.0.113.7',
    });
    expect(metaEvent(platform.sent)).toMatchObject({ event_source_url: 'https://shop.example/' });
  });

  it('without late context (the negative control) the same order never reaches AdRoll or Meta', async () => {
    const w = await world();
    const o = bare(5);
    await recordBare(w, o);
    await visit(w, beacon({ id: o.eventId, name: 'purchase', url: 'https://shop.example/thanks/1005' }));
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    await w.engine(platform.fetch, { lateContext: false }).runOnce();
    expect(platform.sent).toEqual([]);
    expect(await outcome(w)).toEqual([
      'adroll dead no page URL (AdRoll requires page_location)',
      'meta dead no user agent (Meta requires client_user_agent for website events)',
    ]);
  });
});
