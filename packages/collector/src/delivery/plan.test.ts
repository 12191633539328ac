import { describe, expect, it } from 'vitest';
import type { DestinationSettings, StoredEvent, StoredOrder, Visitor } from '../storage/types.js';
import { buildConversion } from './conversion.js';
import { planOutbox } from './plan.js';

const NOW = Date.parse('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;

const order: StoredOrder = {
  orderId: '1001',
  kind: 'purchase',
  eventId: 'o_evt1001',
  value: 30,
  currency: 'EUR',
  lines: [
    { productId: 'p1', quantity: 1, price: 10 },
    { productId: 'p2', quantity: 2, price: 10 },
  ],
  user: {},
  ip: '203.0.113.0',
  userAgent: 'UA',
  pageUrl: 'https://shop.example/thanks',
  visitorId: 'v1',
  consent: { ads: true },
  source: 'server',
  confirmedAt: NOW,
};

const visitor = (adctFirstSeen: number | undefined, search: Record<string, string> = {}): Visitor => ({
  id: 'v1',
  firstSeen: NOW - 40 * DAY,
  lastSeen: NOW,
  clickIds:
    adctFirstSeen === undefined ? {} : { adct: { value: 'ad1', firstSeen: adctFirstSeen, lastSeen: NOW } },
  search,
  consent: { ads: true },
  user: {},
});

const beacon = (adroll: 'loaded' | 'blocked'): StoredEvent => ({
  id: 'o_evt1001',
  name: 'purchase',
  visitorId: 'v1',
  receivedAt: NOW - 1000,
  url: 'https://shop.example/thanks',
  props: {},
  pixels: { adroll, meta: adroll },
  consent: { ads: true },
  ids: undefined,
});

const settings: DestinationSettings[] = [
  {
    destination: 'adroll',
    enabled: true,
    mapping: { purchase: 'purchase' },
    options: { advertisableEid: 'A', pixelEid: 'P' },
    updatedAt: 0,
  },
  {
    destination: 'meta',
    enabled: true,
    mapping: { purchase: 'Purchase' },
    options: { pixelId: '12345' },
    updatedAt: 0,
  },
  {
    destination: 'neuroon',
    enabled: true,
    mapping: { purchase: 'conversion' },
    options: { shopId: 's1', origin: 'https://shop.example' },
    updatedAt: 0,
  },
];
const destinations = ['adroll', 'meta', 'neuroon'];

const summary = (rows: ReturnType<typeof planOutbox>) =>
  rows.map((r) => ({
    destination: r.destination,
    status: r.status,
    reason: r.reason,
    due: r.nextAttemptAt - NOW,
  }));

describe('planOutbox', () => {
  it('queues each eligible destination with the snapshot, waiting the AdRoll grace period', () => {
    const v = visitor(NOW - DAY, { p2: 'sl_2' });
    const rows = planOutbox({ order, visitor: v, beacon: undefined, settings, destinations, now: NOW });
    expect(summary(rows)).toEqual([
      { destination: 'adroll', status: 'pending', reason: "waiting for AdRoll's pixel", due: 300_000 },
      { destination: 'meta', status: 'pending', reason: undefined, due: 0 },
      { destination: 'neuroon', status: 'pending', reason: undefined, due: 0 },
    ]);
    expect(rows[1]?.payload).toEqual(buildConversion(order, v, undefined, 'Purchase'));
  });

  it('skips with reasons: no adct in the window, no searchLogId', () => {
    const rows = planOutbox({
      order,
      visitor: visitor(NOW - 31 * DAY),
      beacon: beacon('blocked'),
      settings,
      destinations,
      now: NOW,
    });
    expect(summary(rows)).toEqual([
      {
        destination: 'adroll',
        status: 'skipped',
        reason: 'attribution-aware: adct older than 30 days',
        due: 0,
      },
      { destination: 'meta', status: 'pending', reason: undefined, due: 0 },
      { destination: 'neuroon', status: 'skipped', reason: 'no order line has a searchLogId', due: 0 },
    ]);
  });

  it('does not wait for a beacon that already reported the AdRoll pixel', () => {
    const rows = planOutbox({
      order,
      visitor: visitor(NOW - DAY),
      beacon: beacon('loaded'),
      settings,
      destinations,
      now: NOW,
    });
    expect(summary(rows)[0]).toEqual({ destination: 'adroll', status: 'pending', reason: undefined, due: 0 });
  });

  it('applies the common rules first', () => {
    const off = settings.map((s) => (s.destination === 'meta' ? { ...s, enabled: false } : s));
    const unmapped = off.map((s) => (s.destination === 'adroll' ? { ...s, mapping: {} } : s));
    const incomplete = unmapped.map((s) =>
      s.destination === 'neuroon' ? { ...s, options: { shopId: 's1' } } : s,
    );
    const rows = planOutbox({
      order,
      visitor: visitor(NOW),
      beacon: undefined,
      settings: incomplete,
      destinations: [...destinations, 'pinterest'],
      now: NOW,
    });
    expect(summary(rows).map((r) => r.reason)).toEqual([
      'event "purchase" is not mapped',
      'data sharing is off',
      expect.stringMatching(/^settings are incomplete: /),
      'unknown destination',
    ]);
    const denied = planOutbox({
      order: { ...order, consent: { ads: false } },
      visitor: undefined,
      beacon: undefined,
      settings,
      destinations,
      now: NOW,
    });
    expect(summary(denied).map((r) => r.reason)).toEqual(['no ad consent', 'no ad consent', 'no ad consent']);
  });
});
