/**
 * The storage contract for sends a platform cannot absorb twice (AdRoll): marking rows `sending`
 * before the request, holding interrupted ones as `uncertain`, and the operator's replay. Run by
 * `storageContract` with the other suites.
 */
import { describe, expect, it } from 'vitest';
import { order, pending, runner, T0 } from './contract-fixtures.js';
import type { OrderStore, OutboxStore, StoreLifecycle } from './types.js';

type Store = OrderStore & OutboxStore & StoreLifecycle;
const REASON = 'interrupted mid-send: AdRoll may or may not have counted it';

export function sendingContract(name: string, open: () => Promise<Store>): void {
  const withStore = runner(open);
  /** Orders o0..o(n-1), one adroll row each; returns the rows. */
  const seed = async (s: Store, n: number) => {
    const rows = [];
    for (let i = 0; i < n; i++)
      rows.push(
        (await s.recordOrder(order({ orderId: `o${i}`, eventId: `e${i}` }), [pending('adroll', `e${i}`)]))
          .outbox[0]!,
      );
    return rows;
  };

  describe(`storage contract, sends that must not repeat: ${name}`, () => {
    it(
      'marks only rows its unexpired lease holds; a sending row is never claimed again',
      withStore(async (s) => {
        const [a, b, c] = await seed(s, 3);
        const lease = await s.claimDue('adroll', T0, 1000, 2);
        expect(lease.rows.map((r) => r.id)).toEqual([a!.id, b!.id]);
        expect(await s.markSending([a!.id, b!.id, c!.id], lease.token, T0 + 10)).toEqual([a!.id, b!.id]);
        expect(await s.markSending([a!.id], 'other-token', T0 + 10)).toEqual([]);
        // Marking again (a split batch sent in halves) is allowed while the lease holds.
        expect(await s.markSending([a!.id], lease.token, T0 + 20)).toEqual([a!.id]);
        expect(await s.markSending([b!.id], lease.token, T0 + 1000)).toEqual([]);
        expect((await s.claimDue('adroll', T0 + 5000, 1000, 10)).rows.map((r) => r.id)).toEqual([c!.id]);
        expect((await s.listOutbox({ status: 'sending' })).map((r) => r.id)).toEqual([b!.id, a!.id]);
        expect(await s.outboxStats()).toEqual([
          { destination: 'adroll', status: 'pending', count: 1 },
          { destination: 'adroll', status: 'sending', count: 2 },
        ]);
      }),
    );

    it(
      'settles a sending row with its lease: delivered, retried or released',
      withStore(async (s) => {
        const [a, b, c, d] = await seed(s, 4);
        const lease = await s.claimDue('adroll', T0, 1000, 10);
        await s.markSending([a!.id, b!.id, c!.id, d!.id], lease.token, T0);
        expect(await s.settle(a!.id, 'other', { status: 'delivered', via: 'server' }, T0 + 1)).toBe(false);
        // Past the lease, the holder still settles: nobody else can have claimed a sending row.
        expect(await s.settle(a!.id, lease.token, { status: 'delivered', via: 'server' }, T0 + 1500)).toBe(
          true,
        );
        expect(
          await s.settle(
            b!.id,
            lease.token,
            { status: 'retry', nextAttemptAt: T0 + 60_000, reason: 'HTTP 503' },
            T0,
          ),
        ).toBe(true);
        expect(await s.settle(c!.id, lease.token, { status: 'release', nextAttemptAt: T0 }, T0)).toBe(true);
        expect(await s.settle(d!.id, lease.token, { status: 'uncertain', reason: 'no answer' }, T0)).toBe(
          true,
        );
        const byId = new Map((await s.listOutbox({})).map((r) => [r.id, r]));
        expect(byId.get(a!.id)).toEqual({
          ...a,
          status: 'delivered',
          via: 'server',
          attempts: 1,
          deliveredAt: T0 + 1500,
        });
        expect(byId.get(b!.id)).toEqual({
          ...b,
          attempts: 1,
          nextAttemptAt: T0 + 60_000,
          reason: 'HTTP 503',
        });
        expect(byId.get(c!.id)).toEqual(c);
        expect(byId.get(d!.id)).toEqual({ ...d, status: 'uncertain', attempts: 1, reason: 'no answer' });
        expect((await s.claimDue('adroll', T0 + 60_000, 1000, 10)).rows.map((r) => r.id)).toEqual([
          c!.id,
          b!.id,
        ]);
      }),
    );

    it(
      'holds sending rows whose lease expired as uncertain, per destination, and never resends them',
      withStore(async (s) => {
        const [a, b] = await seed(s, 2);
        await s.recordOrder(order({ orderId: 'm', eventId: 'em' }), [pending('meta', 'em')]);
        const first = await s.claimDue('adroll', T0, 1000, 1);
        await s.markSending([a!.id], first.token, T0);
        const second = await s.claimDue('adroll', T0 + 500, 1000, 1);
        await s.markSending([b!.id], second.token, T0 + 500);
        const meta = await s.claimDue('meta', T0, 1000, 1);
        await s.markSending(
          meta.rows.map((r) => r.id),
          meta.token,
          T0,
        );
        expect(await s.holdInterrupted('adroll', T0 + 999, REASON)).toBe(0);
        expect(await s.holdInterrupted('adroll', T0 + 1000, REASON)).toBe(1);
        expect(await s.settle(a!.id, first.token, { status: 'delivered', via: 'server' }, T0 + 1001)).toBe(
          false,
        );
        expect(
          (await s.listOutbox({ status: 'uncertain' })).map((r) => [r.id, r.reason, r.attempts]),
        ).toEqual([[a!.id, REASON, 1]]);
        expect((await s.listOutbox({ status: 'sending' })).map((r) => r.destination).sort()).toEqual([
          'adroll',
          'meta',
        ]);
        expect(await s.holdInterrupted('adroll', T0 + 1500, REASON)).toBe(1);
        expect((await s.claimDue('adroll', T0 + 100_000, 1000, 10)).rows).toEqual([]);
        expect(await s.replayDead(T0 + 100_000)).toBe(0);
      }),
    );

    it(
      'replays uncertain rows for the operator: all, one destination, or chosen event IDs',
      withStore(async (s) => {
        const rows = await seed(s, 3);
        await s.recordOrder(order({ orderId: 'm', eventId: 'em' }), [pending('meta', 'em')]);
        for (const destination of ['adroll', 'meta']) {
          const lease = await s.claimDue(destination, T0, 1000, 10);
          await s.markSending(
            lease.rows.map((r) => r.id),
            lease.token,
            T0,
          );
        }
        expect(await s.holdInterrupted('adroll', T0 + 1000, REASON)).toBe(3);
        expect(await s.holdInterrupted('meta', T0 + 1000, REASON)).toBe(1);
        expect(await s.replayUncertain(T0 + 2000, { eventIds: ['e1', 'nope'] })).toBe(1);
        expect((await s.listOutbox({ eventId: 'e1' }))[0]).toEqual({
          ...rows[1],
          reason: REASON,
          nextAttemptAt: T0 + 2000,
        });
        expect(await s.replayUncertain(T0 + 2000, { destination: 'meta', eventIds: ['e2'] })).toBe(0);
        expect(await s.replayUncertain(T0 + 2000, { destination: 'adroll' })).toBe(2);
        expect((await s.claimDue('adroll', T0 + 2000, 1000, 10)).rows.map((r) => r.eventId)).toEqual([
          'e0',
          'e1',
          'e2',
        ]);
        expect(await s.replayUncertain(T0 + 3000)).toBe(1);
        expect(await s.listOutbox({ status: 'uncertain' })).toEqual([]);
      }),
    );
  });
}
