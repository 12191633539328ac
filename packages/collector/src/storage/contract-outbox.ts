/**
 * The `OutboxStore` contract: claims under a lease, settlements, replays, listing and counts.
 * Sends that must not repeat have their own suite (`contract-sending.ts`).
 */
import { describe, expect, it } from 'vitest';
import { order, pending, runner, T0 } from './contract-fixtures.js';
import type { OrderStore, OutboxStore, StoreLifecycle } from './types.js';

export function outboxContract(
  name: string,
  open: () => Promise<OrderStore & OutboxStore & StoreLifecycle>,
): void {
  const withStore = runner(open);

  describe(`storage contract, the outbox: ${name}`, () => {
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
        expect((await s.claimDue('meta', T0 + 999, 1000, 10)).rows.map((r) => r.eventId)).toEqual(['o_1002']);
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
        expect(await s.settle(id, fresh.token, { status: 'delivered', via: 'server' }, T0 + 2001)).toBe(true);
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
        expect(await s.settle(c.id, lease.token, { status: 'skipped', reason: 'pixel delivered' }, T0)).toBe(
          true,
        );
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
        expect((await s.claimDue('meta', T0 + 60_000, 1000, 10)).rows.map((r) => r.id)).toEqual([b.id, a.id]);
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
}
