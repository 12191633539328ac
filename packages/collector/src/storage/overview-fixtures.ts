/**
 * Varied data for the read model's contract: beacons of 60 visitors and orders over 130 days (a
 * few in the future, some on a window's first midnight), rows of every status, payloads with and
 * without each identifier, pixel state and time form the overview reads. Deterministic, so a
 * failure replays the same data.
 */
import type { NewOutboxRow, Settlement, Storage, StoredEvent, StoredOrder } from './types.js';

const DAY = 86_400_000;
export const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);
const DESTINATIONS = ['adroll', 'meta', 'neuroon'];

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
export async function seedOverview(storage: Storage, orders: number) {
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
