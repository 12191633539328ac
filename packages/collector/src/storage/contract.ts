/**
 * The contract every Storage implementation passes; each implementation's test calls it with a
 * function that opens a fresh, empty store.
 */
import { describe, expect, it } from 'vitest';
import type {
  DestinationSettings,
  NewOutboxRow,
  Storage,
  StoredEvent,
  StoredOrder,
  VisitorUpdate,
} from './types.js';

const T0 = 1_700_000_000_000;

export function event(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: 'evt-00000001',
    name: 'pageView',
    visitorId: 'v1',
    receivedAt: T0,
    url: 'https://shop.test/',
    props: undefined,
    pixels: undefined,
    consent: { ads: true },
    ids: undefined,
    ...overrides,
  };
}

export function order(overrides: Partial<StoredOrder> = {}): StoredOrder {
  return {
    orderId: '1001',
    kind: 'purchase',
    eventId: 'o_1001',
    value: 42.5,
    currency: 'EUR',
    lines: [{ productId: 'p1', quantity: 2, price: 21.25 }],
    user: { em: 'a'.repeat(64) },
    consent: { ads: true },
    source: 'server',
    confirmedAt: T0,
    ...overrides,
  };
}

export function pending(destination: string, eventId = 'o_1001', nextAttemptAt = T0): NewOutboxRow {
  return { destination, eventId, payload: { eventId, destination }, status: 'pending', nextAttemptAt };
}

const update = (overrides: Partial<VisitorUpdate> = {}): VisitorUpdate => ({
  id: 'v1',
  seenAt: T0,
  consent: { ads: true },
  ...overrides,
});

export function storageContract(name: string, open: () => Promise<Storage>): void {
  const withStore = (fn: (s: Storage) => Promise<void>) => async () => {
    const s = await open();
    try {
      await fn(s);
    } finally {
      await s.close();
    }
  };

  describe(`storage contract: ${name}`, () => {
    describe('beacons and visitors', () => {
      it(
        'stores events and reads them back, newest first, and one by ID',
        withStore(async (s) => {
          const a = event({
            id: 'evt-a-000001',
            props: { value: 3, currency: 'EUR' },
            pixels: { meta: 'blocked' },
          });
          const b = event({ id: 'evt-b-000001', name: 'addToCart', ids: { gclid: 'G1' } });
          await s.recordBeacon(update(), [a, b]);
          expect(await s.listEvents()).toEqual([b, a]);
          expect(await s.listEvents(1)).toEqual([b]);
          expect(await s.getEvent('evt-a-000001', 'v1')).toEqual(a);
          expect(await s.getEvent('missing-0001', 'v1')).toBeUndefined();
        }),
      );

      it(
        'ignores an event ID the same visitor already sent',
        withStore(async (s) => {
          await s.recordBeacon(update(), [event()]);
          await s.recordBeacon(update(), [event({ name: 'changed' })]);
          expect(await s.listEvents()).toEqual([event()]);
        }),
      );

      it(
        "keeps each visitor's beacon for one event ID: a stranger's, sent first, hides nothing",
        withStore(async (s) => {
          const forged = event({ id: 'o_forged', name: 'purchase', visitorId: 'stranger', pixels: {} });
          const own = event({ id: 'o_forged', name: 'purchase', pixels: { adroll: 'loaded' } });
          await s.recordBeacon(update({ id: 'stranger' }), [forged]);
          await s.recordBeacon(update(), [own]);
          await s.recordBeacon(update({ id: 'stranger' }), [{ ...forged, pixels: { adroll: 'blocked' } }]);
          expect(await s.getEvent('o_forged', 'v1')).toEqual(own);
          expect(await s.getEvent('o_forged', 'stranger')).toEqual(forged);
          expect(await s.getEvent('o_forged', 'nobody')).toBeUndefined();
          expect(await s.listEvents()).toEqual([own, forged]);
        }),
      );

      it(
        'counts session epochs from 0, one more each time sessions end',
        withStore(async (s) => {
          expect(await s.sessionEpoch()).toBe(0);
          expect([await s.endSessions(), await s.endSessions()]).toEqual([1, 2]);
          expect(await s.sessionEpoch()).toBe(2);
        }),
      );

      it(
        'creates a visitor from its first beacon',
        withStore(async (s) => {
          await s.recordBeacon(
            update({
              ids: { gclid: 'G1', fbp: 'fb.1.1.2' },
              search: { p1: 's1' },
              user: { em: 'b'.repeat(64) },
            }),
            [],
          );
          expect(await s.getVisitor('v1')).toEqual({
            id: 'v1',
            firstSeen: T0,
            lastSeen: T0,
            clickIds: {
              gclid: { value: 'G1', firstSeen: T0, lastSeen: T0 },
              fbp: { value: 'fb.1.1.2', firstSeen: T0, lastSeen: T0 },
            },
            search: { p1: 's1' },
            consent: { ads: true },
            user: { em: 'b'.repeat(64) },
          });
          expect(await s.getVisitor('nobody')).toBeUndefined();
        }),
      );

      it(
        'merges click IDs with first and last seen; a new value is a new click; a late beacon loses',
        withStore(async (s) => {
          await s.recordBeacon(update({ ids: { adct: 'A1', gclid: 'G1' }, search: { p1: 's1' } }), []);
          await s.recordBeacon(
            update({
              seenAt: T0 + 10,
              ids: { adct: 'A1', gclid: 'G2' },
              search: { p2: 's2' },
              consent: { ads: false },
            }),
            [],
          );
          // Arrives last but was seen earlier (a retried batch): fills gaps, overwrites nothing.
          await s.recordBeacon(
            update({ seenAt: T0 + 5, ids: { gclid: 'G0', msclkid: 'M1' }, search: { p1: 'old', p3: 's3' } }),
            [],
          );
          expect(await s.getVisitor('v1')).toEqual({
            id: 'v1',
            firstSeen: T0,
            lastSeen: T0 + 10,
            clickIds: {
              adct: { value: 'A1', firstSeen: T0, lastSeen: T0 + 10 },
              gclid: { value: 'G2', firstSeen: T0 + 10, lastSeen: T0 + 10 },
              msclkid: { value: 'M1', firstSeen: T0 + 5, lastSeen: T0 + 5 },
            },
            search: { p2: 's2', p1: 's1', p3: 's3' },
            consent: { ads: false },
            user: {},
          });
          expect(Object.keys((await s.getVisitor('v1'))!.search)).toEqual(['p2', 'p1', 'p3']);
        }),
      );

      it(
        'purges events received before a time and keeps the rest',
        withStore(async (s) => {
          await s.recordBeacon(update(), [
            event({ id: 'evt-old-0001', receivedAt: T0 }),
            event({ id: 'evt-new-0001', receivedAt: T0 + 1000 }),
          ]);
          expect(await s.purgeEvents(T0 + 1000)).toBe(1);
          expect((await s.listEvents()).map((e) => e.id)).toEqual(['evt-new-0001']);
          expect(await s.purgeEvents(T0 + 1000)).toBe(0);
        }),
      );
    });

    describe('orders and the outbox', () => {
      it(
        'records an order with its rows, idempotent by kind and order ID',
        withStore(async (s) => {
          const first = await s.recordOrder(order(), [
            pending('meta'),
            { ...pending('adroll'), status: 'skipped', reason: 'no ad consent' },
          ]);
          const rows = [
            {
              id: first.outbox[0]!.id,
              destination: 'meta',
              eventId: 'o_1001',
              payload: { eventId: 'o_1001', destination: 'meta' },
              status: 'pending',
              attempts: 0,
              createdAt: T0,
              nextAttemptAt: T0,
            },
            {
              id: first.outbox[1]!.id,
              destination: 'adroll',
              eventId: 'o_1001',
              payload: { eventId: 'o_1001', destination: 'adroll' },
              status: 'skipped',
              reason: 'no ad consent',
              attempts: 0,
              createdAt: T0,
              nextAttemptAt: T0,
            },
          ];
          expect(first).toEqual({ created: true, order: order(), outbox: rows });
          const again = await s.recordOrder(order({ value: 99 }), [pending('meta'), pending('neuroon')]);
          expect(again).toEqual({ created: false, order: order(), outbox: rows });
          expect(await s.getOrder('purchase', '1001')).toEqual(order());
          expect(await s.getOrder('refund', '1001')).toBeUndefined();
          const refund = await s.recordOrder(order({ kind: 'refund', eventId: 'r_1001' }), [
            pending('meta', 'r_1001'),
          ]);
          expect(refund.created).toBe(true);
          expect(await s.listOutbox({})).toHaveLength(3);
        }),
      );

      it(
        'never creates a second row for one (destination, event ID)',
        withStore(async (s) => {
          const first = await s.recordOrder(order(), [pending('meta'), pending('meta')]);
          expect(first.created).toBe(true);
          expect(first.outbox.map((r) => r.destination)).toEqual(['meta']);
          expect(await s.listOutbox({ destination: 'meta' })).toHaveLength(1);
        }),
      );

      it(
        'refuses an order whose event ID another order holds, and writes nothing',
        withStore(async (s) => {
          const first = await s.recordOrder(order(), [pending('meta')]);
          const other = await s.recordOrder(order({ orderId: '1001-dup', value: 1 }), [
            pending('meta'),
            pending('adroll'),
          ]);
          expect(other).toEqual({
            created: false,
            order: order(),
            outbox: first.outbox,
            conflict: 'event_id',
          });
          const refund = await s.recordOrder(order({ kind: 'refund' }), [pending('neuroon')]);
          expect(refund).toEqual({
            created: false,
            order: order(),
            outbox: first.outbox,
            conflict: 'event_id',
          });
          expect(await s.getOrder('purchase', '1001-dup')).toBeUndefined();
          expect(await s.getOrder('refund', '1001')).toBeUndefined();
          expect(await s.listOutbox({})).toEqual(first.outbox);
        }),
      );

      it(
        'claims due rows with a lease: not claimed again until it expires',
        withStore(async (s) => {
          await s.recordOrder(order(), [pending('meta')]);
          await s.recordOrder(order({ orderId: '1002', eventId: 'o_1002' }), [
            pending('meta', 'o_1002', T0 + 500),
          ]);
          await s.recordOrder(order({ orderId: '1003', eventId: 'o_1003' }), [pending('adroll', 'o_1003')]);
          const lease = await s.claimDue('meta', T0, 1000, 10);
          expect(lease.until).toBe(T0 + 1000);
          expect(lease.rows.map((r) => r.eventId)).toEqual(['o_1001']);
          expect((await s.claimDue('meta', T0 + 999, 1000, 10)).rows.map((r) => r.eventId)).toEqual([
            'o_1002',
          ]);
          expect((await s.claimDue('meta', T0 + 999, 1000, 10)).rows).toEqual([]);
          const again = await s.claimDue('meta', T0 + 1000, 1000, 10);
          expect(again.rows.map((r) => r.eventId)).toEqual(['o_1001']);
          expect(again.token).not.toBe(lease.token);
          expect((await s.claimDue('adroll', T0, 1000, 0)).rows).toEqual([]);
        }),
      );

      it(
        'claims at most `limit` rows, oldest due first',
        withStore(async (s) => {
          for (let i = 0; i < 5; i++)
            await s.recordOrder(order({ orderId: `o${i}`, eventId: `e${i}` }), [
              pending('meta', `e${i}`, T0 - i),
            ]);
          expect((await s.claimDue('meta', T0, 1000, 3)).rows.map((r) => r.eventId)).toEqual([
            'e4',
            'e3',
            'e2',
          ]);
        }),
      );

      it(
        'settles only with the current token, once, and never undoes a delivery',
        withStore(async (s) => {
          const { outbox } = await s.recordOrder(order(), [pending('meta')]);
          const id = outbox[0]!.id;
          const stale = await s.claimDue('meta', T0, 1000, 10);
          const fresh = await s.claimDue('meta', T0 + 2000, 1000, 10);
          expect(await s.settle(id, stale.token, { status: 'delivered', via: 'server' }, T0 + 2001)).toBe(
            false,
          );
          expect(await s.settle(id, 'no-such-token', { status: 'dead', reason: 'x' }, T0 + 2001)).toBe(false);
          expect(await s.settle(id, fresh.token, { status: 'delivered', via: 'server' }, T0 + 2001)).toBe(
            true,
          );
          expect(
            await s.settle(id, fresh.token, { status: 'retry', nextAttemptAt: T0, reason: 'x' }, T0 + 2002),
          ).toBe(false);
          expect(await s.replayDead(T0 + 3000)).toBe(0);
          expect((await s.claimDue('meta', T0 + 5000, 1000, 10)).rows).toEqual([]);
          expect(await s.listOutbox({ eventId: 'o_1001' })).toEqual([
            { ...outbox[0]!, status: 'delivered', via: 'server', attempts: 1, deliveredAt: T0 + 2001 },
          ]);
        }),
      );

      it(
        'applies retry, release, skip and dead settlements',
        withStore(async (s) => {
          const ids = [];
          for (let i = 0; i < 4; i++)
            ids.push(
              (await s.recordOrder(order({ orderId: `o${i}`, eventId: `e${i}` }), [pending('meta', `e${i}`)]))
                .outbox[0]!,
            );
          const lease = await s.claimDue('meta', T0, 1000, 10);
          expect(lease.rows).toHaveLength(4);
          const [a, b, c, d] = ids as [(typeof ids)[0], (typeof ids)[0], (typeof ids)[0], (typeof ids)[0]];
          expect(
            await s.settle(
              a.id,
              lease.token,
              { status: 'retry', nextAttemptAt: T0 + 60_000, reason: 'HTTP 503' },
              T0,
            ),
          ).toBe(true);
          expect(await s.settle(b.id, lease.token, { status: 'release', nextAttemptAt: T0 + 5 }, T0)).toBe(
            true,
          );
          expect(
            await s.settle(c.id, lease.token, { status: 'skipped', reason: 'pixel delivered' }, T0),
          ).toBe(true);
          expect(await s.settle(d.id, lease.token, { status: 'dead', reason: 'HTTP 400' }, T0)).toBe(true);
          const byId = new Map((await s.listOutbox({})).map((r) => [r.id, r]));
          expect(byId.get(a.id)).toEqual({
            ...a,
            attempts: 1,
            nextAttemptAt: T0 + 60_000,
            reason: 'HTTP 503',
          });
          expect(byId.get(b.id)).toEqual({ ...b, nextAttemptAt: T0 + 5 });
          expect(byId.get(c.id)).toEqual({ ...c, status: 'skipped', reason: 'pixel delivered' });
          expect(byId.get(d.id)).toEqual({ ...d, status: 'dead', attempts: 1, reason: 'HTTP 400' });
          // A released row is claimable again once due, even though the old lease had not expired.
          expect((await s.claimDue('meta', T0 + 5, 1000, 10)).rows.map((r) => r.id)).toEqual([b.id]);
          expect((await s.claimDue('meta', T0 + 60_000, 1000, 10)).rows.map((r) => r.id)).toEqual([
            b.id,
            a.id,
          ]);
        }),
      );

      it(
        'replays dead rows, per destination or all',
        withStore(async (s) => {
          await s.recordOrder(order(), [pending('meta'), pending('adroll')]);
          for (const destination of ['meta', 'adroll']) {
            const lease = await s.claimDue(destination, T0, 1000, 10);
            await s.settle(lease.rows[0]!.id, lease.token, { status: 'dead', reason: 'HTTP 400' }, T0);
          }
          expect(await s.replayDead(T0 + 10, 'meta')).toBe(1);
          expect((await s.listOutbox({ destination: 'meta' }))[0]).toMatchObject({
            status: 'pending',
            attempts: 0,
            nextAttemptAt: T0 + 10,
          });
          expect((await s.claimDue('meta', T0 + 10, 1000, 10)).rows).toHaveLength(1);
          expect(await s.replayDead(T0 + 20)).toBe(1);
          expect(await s.listOutbox({ status: 'dead' })).toEqual([]);
        }),
      );

      it(
        'lists rows newest first with filters, and counts them per destination and status',
        withStore(async (s) => {
          await s.recordOrder(order(), [
            pending('meta'),
            { ...pending('neuroon'), status: 'skipped', reason: 'r' },
          ]);
          await s.recordOrder(order({ orderId: '1002', eventId: 'o_1002' }), [pending('meta', 'o_1002')]);
          expect((await s.listOutbox({ destination: 'meta' })).map((r) => r.eventId)).toEqual([
            'o_1002',
            'o_1001',
          ]);
          expect((await s.listOutbox({ status: 'skipped' })).map((r) => r.destination)).toEqual(['neuroon']);
          expect((await s.listOutbox({ limit: 1 })).map((r) => r.eventId)).toEqual(['o_1002']);
          expect(await s.outboxStats()).toEqual([
            { destination: 'meta', status: 'pending', count: 2 },
            { destination: 'neuroon', status: 'skipped', count: 1 },
          ]);
        }),
      );
    });

    describe('settings', () => {
      const meta: DestinationSettings = {
        destination: 'meta',
        enabled: true,
        tokenCiphertext: 'v1.iv.ct',
        mapping: { purchase: 'Purchase', refund: 'Refund' },
        options: { pixelId: '123', testEventCode: null },
        updatedAt: T0,
      };

      it(
        'round-trips settings and replaces them on put',
        withStore(async (s) => {
          expect(await s.getSettings('meta')).toBeUndefined();
          await s.putSettings(meta);
          await s.putSettings({
            destination: 'adroll',
            enabled: false,
            mapping: {},
            options: {},
            updatedAt: T0,
          });
          expect(await s.getSettings('meta')).toEqual(meta);
          const paused = { ...meta, pausedReason: 'HTTP 401', updatedAt: T0 + 1 };
          await s.putSettings(paused);
          expect(await s.listSettings()).toEqual([
            { destination: 'adroll', enabled: false, mapping: {}, options: {}, updatedAt: T0 },
            paused,
          ]);
        }),
      );
    });

    it(
      'answers ping',
      withStore(async (s) => {
        await expect(s.ping()).resolves.toBeUndefined();
      }),
    );
  });
}
