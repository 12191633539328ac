/**
 * A known mix of conversions for the overview's page tests (unit and Playwright): every state,
 * both paths, pixels blocked, loaded and absent, a conversion outside a 30-day window, and
 * identifiers chosen so each figure is worked out by hand in `KNOWN_FIGURES`.
 */
import type { NewOutboxRow, Settlement, Storage, StoredOrder } from '../storage/types.js';

const DAY = 86_400_000;
const MINUTE = 60_000;
const HASH = (c: string) => c.repeat(64);

type Fate =
  | Settlement
  | { status: 'skip'; reason: string }
  | { status: 'wait'; minutes: number }
  | { status: 'uncertain-after-send' };

interface Mix {
  id: string;
  value: number;
  daysAgo: number;
  pixels?: Record<string, string>;
  user?: Record<string, string>;
  ids?: Record<string, string>;
  fates: Record<'adroll' | 'meta', Fate>;
}

const server: Settlement = { status: 'delivered', via: 'server' };
const MIX: Mix[] = [
  {
    id: 'K-1',
    value: 100,
    daysAgo: 20,
    pixels: { adroll: 'blocked', meta: 'blocked' },
    user: { em: HASH('a') },
    ids: { adct: 'adct-1', fbp: 'fb.1.1.1' },
    fates: { adroll: server, meta: server },
  },
  {
    id: 'K-2',
    value: 200,
    daysAgo: 20,
    pixels: { adroll: 'loaded', meta: 'loaded' },
    user: { em: HASH('b') },
    ids: { fbc: 'fb.1.1.c' },
    fates: { adroll: { status: 'delivered', via: 'pixel' }, meta: server },
  },
  {
    id: 'K-3',
    value: 50.5,
    daysAgo: 0,
    user: { ph: HASH('c') },
    fates: { adroll: { status: 'wait', minutes: 5 }, meta: server },
  },
  {
    id: 'K-4',
    value: 30,
    daysAgo: 0,
    pixels: { meta: 'loaded' },
    fates: {
      adroll: { status: 'skip', reason: 'attribution-aware: the visitor has no adct' },
      meta: { status: 'dead', reason: 'HTTP 400: invalid parameter' },
    },
  },
  {
    id: 'K-5',
    value: 20,
    daysAgo: 0,
    fates: {
      adroll: { status: 'skip', reason: 'no ad consent' },
      meta: { status: 'skip', reason: 'no ad consent' },
    },
  },
  {
    id: 'K-6',
    value: 10,
    daysAgo: 0,
    fates: {
      adroll: { status: 'uncertain-after-send' },
      meta: { status: 'retry', nextAttemptAt: 18 * MINUTE, reason: 'HTTP 429: rate limited' },
    },
  },
  {
    id: 'K-7',
    value: 999,
    daysAgo: 40,
    pixels: { meta: 'blocked' },
    fates: { adroll: server, meta: server },
  },
];

/** What the overview must show for the last 30 days, worked out by hand from `MIX`. */
export const KNOWN_FIGURES = {
  recovered: { share: '33%', value: 'EUR 150.50', count: '2 of 6', total: 'EUR 410.50' },
  perPlatform: { adroll: ['1', '17%', 'EUR 100'], meta: ['2', '33%', 'EUR 150.50'] },
  states: {
    adroll: { delivered: '2', waiting: '1', failed: '0', uncertain: '1', skipped: '2', success: '100%' },
    meta: { delivered: '3', waiting: '1', failed: '1', uncertain: '0', skipped: '1', success: '75%' },
  },
  skips: { adroll: ['1 no AdRoll click (adct)', '1 no ad consent'], meta: ['1 no ad consent'] },
  revenue: { adroll: ['EUR 100', 'EUR 200'], meta: ['EUR 350.50', 'EUR 0'] },
  scores: { adroll: '4.0 / 10', meta: '4.8 / 10' },
  trends: {
    adroll: 'Earlier 15 days: 6.5; latest 15 days: 1.5.',
    meta: 'Earlier 15 days: 6.8; latest 15 days: 3.5.',
  },
  hints: {
    adroll: [
      '75% of conversions have no AdRoll click (adct): load the tag on landing pages so it keeps `adct`',
      "100% of conversions have no AdRoll cookie: load AdRoll's pixel through the tag so `__adroll_fpc` is set",
    ],
    meta: [
      '60% of conversions have no email: pass `email` in `recordOrder`',
      '80% of conversions have no Meta click ID (fbc): load the tag on landing pages so it keeps `fbclid` as `_fbc`',
    ],
  },
} as const;

/** Records `MIX` at `now` and settles each row into its fate, as the engine would. */
export async function seedKnownMix(storage: Storage, now: number): Promise<void> {
  for (const m of MIX) {
    const at = now - m.daysAgo * DAY - 10 * MINUTE;
    const order: StoredOrder = {
      orderId: m.id,
      kind: 'purchase',
      eventId: `ev-${m.id}`,
      value: m.value,
      currency: 'EUR',
      lines: [{ productId: 'sku-1', quantity: 1, price: m.value }],
      user: m.user ?? {},
      ip: '203.0.113.0',
      userAgent: 'Mozilla/5.0',
      visitorId: `visitor-${m.id}`,
      consent: { ads: m.id !== 'K-5' },
      source: 'server',
      confirmedAt: at,
    };
    const rows = (['adroll', 'meta'] as const).map((destination): NewOutboxRow => {
      const fate = m.fates[destination];
      const payload = {
        eventId: order.eventId,
        shopEvent: 'purchase',
        platformEvent: destination === 'meta' ? 'Purchase' : 'purchase',
        time: at,
        orderId: m.id,
        value: m.value,
        currency: 'EUR',
        lines: order.lines,
        ip: order.ip,
        userAgent: order.userAgent,
        user: order.user,
        ids: m.ids ?? {},
        visitorId: order.visitorId,
        consent: order.consent,
        ...(m.pixels && { pixels: m.pixels }),
      };
      if (fate.status === 'skip') {
        return {
          destination,
          eventId: order.eventId,
          payload,
          status: 'skipped',
          reason: fate.reason,
          nextAttemptAt: at,
        };
      }
      const wait = fate.status === 'wait';
      return {
        destination,
        eventId: order.eventId,
        payload,
        status: 'pending',
        nextAttemptAt: wait ? now + fate.minutes * MINUTE : at,
      };
    });
    await storage.recordOrder(order, rows);
    for (const destination of ['adroll', 'meta'] as const) {
      const fate = m.fates[destination];
      if (fate.status === 'skip' || fate.status === 'wait') continue;
      const lease = await storage.claimDue(destination, now, 60_000, 100);
      const row = lease.rows.find((r) => r.eventId === order.eventId);
      if (!row) throw new Error(`no due ${destination} row for ${m.id}`);
      if (fate.status === 'uncertain-after-send') {
        await storage.markSending([row.id], lease.token, now);
        await storage.holdInterrupted(
          destination,
          now + 120_000,
          'interrupted mid-send: AdRoll may or may not have counted it',
        );
        continue;
      }
      const settlement =
        fate.status === 'retry' ? { ...fate, nextAttemptAt: now + fate.nextAttemptAt } : fate;
      await storage.settle(row.id, lease.token, settlement, now);
    }
  }
}
