/**
 * The `OrderStore` contract: orders recorded once with their outbox rows, event IDs owned by one order.
 */
import { describe, expect, it } from 'vitest';
import { order, pending, runner, T0 } from './contract-fixtures.js';
import type { OrderStore, OutboxStore, StoreLifecycle } from './types.js';

export function orderContract(
  name: string,
  open: () => Promise<OrderStore & OutboxStore & StoreLifecycle>,
): void {
  const withStore = runner(open);

  describe(`storage contract, orders: ${name}`, () => {
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
  });
}
