import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { blockedPixelShare, conversionsByDay, matchQuality } from '../dashboard/charts/stats.js';
import { groupConversions } from '../dashboard/deliveries/status.js';
import { BASE, makeDashboard } from '../dashboard/test-helpers.js';
import type { NewOutboxRow, Settlement, Storage, StoredEvent, StoredOrder } from '../storage/types.js';
import { migrate } from './sqlite-migrations.js';
import { BLOCKED_SQL, OVERVIEW_SQL } from './sqlite-overview.js';
import { sqliteStorage } from './sqlite-storage.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const DESTINATIONS = ['adroll', 'meta', 'neuroon'];
const dir = mkdtempSync(join(tmpdir(), 'tandem-overview-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A small deterministic generator, so a failure replays the same data. */
function random(seed: number) {
  let s = seed;
  const next = () => {
    s = (s * 1_103_515_245 + 12_345) % 2_147_483_648;
    return s / 2_147_483_648;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

const pixelStates = ['loaded', 'blocked', 'pending', 'off'] as const;

/** A payload with or without each identifier, pixel state and time form the overview reads. */
function payload(r: ReturnType<typeof random>, eventId: string, at: number): Record<string, unknown> {
  const ids: Record<string, string> = {};
  if (r.next() < 0.3) ids.adct = r.pick(['c1', '']);
  if (r.next() < 0.3) ids.fbc = r.pick(['fb.1.1.c', '']);
  if (r.next() < 0.3) ids.fbp = r.pick(['fb.1.1.p', '']);
  const time = r.next();
  return {
    eventId,
    ...(time < 0.8 ? { time: at } : time < 0.9 ? { time: String(at) } : {}),
    ids,
    user: r.next() < 0.4 ? { em: r.pick(['e'.repeat(64), '']) } : {},
    lines: [
      { productId: 'p1', quantity: 1, price: 5 },
      ...(r.next() < 0.3
        ? [{ productId: 'p2', quantity: 1, price: 5, searchLogId: r.pick(['s1', '']) }]
        : []),
    ],
    ...(r.next() < 0.8 && {
      pixels: Object.fromEntries(
        DESTINATIONS.filter(() => r.next() < 0.6).map((d) => [d, r.pick(pixelStates)]),
      ),
    }),
  };
}

/**
 * Beacons of 60 visitors over 130 days (a few in the future, some on a window's first midnight),
 * received out of order, each event's pixels blocked, loaded, pending, off, mixed or absent.
 */
async function seedEvents(storage: Storage, count: number) {
  const r = random(11);
  for (let i = 0; i < count; i++) {
    const visitorId = `v_${Math.floor(r.next() * 60)}`;
    const receivedAt =
      i % 40 === 0
        ? (Math.floor(NOW / DAY) - r.pick([6, 29, 89])) * DAY
        : NOW - Math.floor((r.next() - 0.02) * 130 * DAY);
    const pixels = Object.fromEntries(
      (['adroll', 'meta'] as const).filter(() => r.next() < 0.6).map((p) => [p, r.pick(pixelStates)]),
    );
    const event: StoredEvent = {
      id: `e_${i}`,
      name: 'page_view',
      visitorId,
      receivedAt,
      url: 'https://shop.example/',
      props: undefined,
      pixels: r.next() < 0.8 ? pixels : undefined,
      consent: { ads: true },
      ids: undefined,
    };
    await storage.recordBeacon({ id: visitorId, seenAt: receivedAt, consent: { ads: true } }, [event]);
  }
}

/** Orders over 130 days, a few in the future, rows of 1-3 destinations whose payloads may differ. */
async function seed(storage: Storage, orders: number) {
  await seedEvents(storage, orders * 2);
  const r = random(7);
  for (let i = 0; i < orders; i++) {
    // Some orders sit exactly on a UTC midnight, where a window starts.
    const at =
      i % 25 === 0
        ? (Math.floor(NOW / DAY) - r.pick([6, 29, 89])) * DAY
        : NOW - Math.floor((r.next() - 0.02) * 130 * DAY);
    const eventId = `o_${i}`;
    const order: StoredOrder = {
      orderId: String(i),
      kind: 'purchase',
      eventId,
      value: 5,
      currency: 'EUR',
      lines: [],
      user: {},
      consent: { ads: true },
      source: 'server',
      confirmedAt: at,
    };
    const shared = payload(r, eventId, at);
    const rows: NewOutboxRow[] = DESTINATIONS.filter((_, k) => k === i % 3 || r.next() < 0.5).map(
      (destination) => ({
        destination,
        eventId,
        // Now and then a destination's snapshot differs: another time (the newest row decides the
        // day), other identifiers and pixels (the first destination's row decides those).
        payload: r.next() < 0.2 ? payload(r, eventId, at + Math.floor((r.next() - 0.5) * 4 * DAY)) : shared,
        status: r.next() < 0.15 ? 'skipped' : 'pending',
        ...(r.next() < 0.15 && { reason: 'not mapped' }),
        nextAttemptAt: at,
      }),
    );
    await storage.recordOrder(order, rows);
  }
  for (const destination of DESTINATIONS) {
    const lease = await storage.claimDue(destination, NOW + 200 * DAY, 60_000, 10_000);
    const sending: number[] = [];
    for (const row of lease.rows) {
      const fate = r.pick([
        'queued',
        'retry',
        'pixel',
        'server',
        'server',
        'dead',
        'uncertain',
        'sending',
      ] as const);
      if (fate === 'queued') continue;
      if (fate === 'sending') {
        sending.push(row.id);
        continue;
      }
      const settlement: Settlement =
        fate === 'retry'
          ? { status: 'retry', nextAttemptAt: NOW + DAY, reason: 'HTTP 503' }
          : fate === 'pixel' || fate === 'server'
            ? { status: 'delivered', via: fate }
            : { status: fate, reason: 'HTTP 400' };
      await storage.settle(row.id, lease.token, settlement, NOW);
    }
    await storage.markSending(sending, lease.token, NOW);
  }
}

/** What the dashboard computes from a scan of every outbox row (no bound is reached here). */
async function scanned(storage: Storage, days: number) {
  const since = (Math.floor(NOW / DAY) - days + 1) * DAY;
  const rows = await storage.listOutbox({ limit: 1_000_000 });
  const conversions = groupConversions(rows, Number.MAX_SAFE_INTEGER).filter((g) => g.time >= since);
  const events = (await storage.listEvents(1_000_000)).filter((e) => e.receivedAt >= since);
  return {
    paths: conversionsByDay(conversions, days, NOW),
    quality: matchQuality(conversions),
    blocked: blockedPixelShare(events),
  };
}

// The first two tests seed hundreds of orders and compare full scans: seconds of work, more on a
// loaded CI machine. Their assertions are about equality, not speed.
describe('sqlite overviewStats', { timeout: 60_000 }, () => {
  it('returns what the scan computes, for 7, 30, 90 and 365 days of varied data', async () => {
    const storage = sqliteStorage(join(dir, 'varied.db'));
    try {
      await seed(storage, 600);
      const statuses = new Set((await storage.outboxStats()).map((s) => s.status));
      const wide = await scanned(storage, 90);
      const sum = (key: 'pixel' | 'server' | 'both' | 'none') => wide.paths.reduce((n, p) => n + p[key], 0);
      const events = await storage.listEvents(1_000_000);
      const since = (Math.floor(NOW / DAY) - 89) * DAY;
      // The data set reaches every case the figures distinguish.
      expect({
        events: [events.some((e) => e.receivedAt < since), events.some((e) => e.receivedAt > NOW)],
        blocked: [wide.blocked.count > 0, wide.blocked.total > wide.blocked.count],
        statuses: [...statuses].sort(),
        paths: [sum('pixel') > 0, sum('server') > 0, sum('both') > 0, sum('none') > 0],
        quality: Object.values(wide.quality).map((n) => n > 0 && n < wide.quality.total + 1),
      }).toEqual({
        events: [true, true],
        blocked: [true, true],
        statuses: ['dead', 'delivered', 'pending', 'sending', 'skipped', 'uncertain'],
        paths: [true, true, true, true],
        quality: [true, true, true, true, true],
      });
      for (const days of [7, 30, 90, 365]) {
        expect({ days, ...(await storage.overviewStats(days, NOW)) }).toEqual({
          days,
          ...(await scanned(storage, days)),
        });
      }
    } finally {
      await storage.close();
    }
  });

  it('draws the same overview page from the aggregate as from the scan', async () => {
    const storage = sqliteStorage(join(dir, 'page.db'));
    try {
      await seed(storage, 300);
      const page = async (s: Storage, days: number) => {
        const dash = await makeDashboard({ storage: s, now: () => NOW });
        const browser = dash.client();
        await browser.login();
        const html = await (await browser.get(`${BASE}?days=${days}`)).text();
        return html.replace(/name="csrf" value="[^"]+"/g, 'name="csrf"');
      };
      const scanOnly: Storage & { overviewStats?: unknown } = { ...storage };
      delete scanOnly.overviewStats;
      expect(['overviewStats' in storage, 'overviewStats' in scanOnly]).toEqual([true, false]);
      for (const days of [7, 90]) {
        const aggregated = await page(storage, days);
        expect(aggregated).toContain('data-day=');
        expect(aggregated).toEqual(await page(scanOnly, days));
      }
    } finally {
      await storage.close();
    }
  });

  it('gives every day of the window, with zeros, on an empty outbox', async () => {
    const storage = sqliteStorage(join(dir, 'empty.db'));
    try {
      expect(await storage.overviewStats(7, NOW)).toEqual(await scanned(storage, 7));
    } finally {
      await storage.close();
    }
  });

  it('reaches outbox rows only through indexes: the window by conversion time, the rows by event ID', () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const reads = db
        .prepare(`EXPLAIN QUERY PLAN ${OVERVIEW_SQL}`)
        .all({ since: 0 })
        .map((r) => (r as { detail: string }).detail)
        .filter((detail) => /^(SCAN|SEARCH) (outbox|o|l|f)\b/.test(detail));
      expect(reads).toEqual([
        'SEARCH outbox USING COVERING INDEX outbox_conversion_time (<expr>>?)',
        'SEARCH o USING INDEX outbox_event (event_id=?)',
        'SEARCH l USING INDEX outbox_event (event_id=?)',
        'SEARCH f USING INDEX outbox_event (event_id=?)',
      ]);
    } finally {
      db.close();
    }
  });

  it("finds the blocked share's events through the received_at index", () => {
    const db = new Database(':memory:');
    try {
      migrate(db);
      const reads = db
        .prepare(`EXPLAIN QUERY PLAN ${BLOCKED_SQL}`)
        .all({ since: 0 })
        .map((r) => (r as { detail: string }).detail)
        .filter((detail) => /^(SCAN|SEARCH) events\b/.test(detail));
      expect(reads).toEqual(['SEARCH events USING INDEX events_received_at (received_at>?)']);
    } finally {
      db.close();
    }
  });
});
