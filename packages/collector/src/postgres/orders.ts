/**
 * `recordOrder`: the order and its outbox rows in one transaction, idempotent by (kind, order ID),
 * an event ID owned by one order. The insert comes first (`ON CONFLICT DO NOTHING` waits for a
 * concurrent insert of the same keys to commit), so two instances recording one order at once
 * create it once and both answer with the same rows.
 */
import type pg from 'pg';
import type { NewOutboxRow, OrderStore, OutboxRow, StoredOrder } from '../storage/types.js';
import { transaction } from './pool.js';
import { json, rowToOutbox, type Row } from './rows.js';

const rowsOf = async (client: pg.PoolClient, eventId: string): Promise<OutboxRow[]> =>
  (await client.query<Row>('SELECT * FROM outbox WHERE event_id = $1 ORDER BY id', [eventId])).rows.map(
    rowToOutbox,
  );

export function recordOrder(pool: pg.Pool): OrderStore['recordOrder'] {
  return (order: StoredOrder, outbox: NewOutboxRow[]) =>
    transaction(pool, async (client) => {
      const inserted = await client.query(
        `INSERT INTO orders (kind, order_id, event_id, confirmed_at, body) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT DO NOTHING`,
        [order.kind, order.orderId, order.eventId, order.confirmedAt, json(order)],
      );
      if (inserted.rowCount === 0) {
        const same = await client.query<{ body: StoredOrder }>(
          'SELECT body FROM orders WHERE kind = $1 AND order_id = $2',
          [order.kind, order.orderId],
        );
        const existing = same.rows[0]?.body;
        if (existing)
          return { created: false, order: existing, outbox: await rowsOf(client, existing.eventId) };
        const holder = (
          await client.query<{ body: StoredOrder }>('SELECT body FROM orders WHERE event_id = $1', [
            order.eventId,
          ])
        ).rows[0]!.body;
        return {
          created: false,
          order: holder,
          outbox: await rowsOf(client, holder.eventId),
          conflict: 'event_id' as const,
        };
      }
      if (outbox.length)
        await client.query(
          `INSERT INTO outbox (destination, event_id, payload, status, reason, attempts, created_at, next_attempt_at)
           SELECT destination, event_id, payload, status, reason, 0, $7, next_attempt_at
           FROM unnest($1::text[], $2::text[], $3::json[], $4::text[], $5::text[], $6::bigint[])
             WITH ORDINALITY AS r(destination, event_id, payload, status, reason, next_attempt_at, n)
           ORDER BY n
           ON CONFLICT (destination, event_id) DO NOTHING`,
          [
            outbox.map((r) => r.destination),
            outbox.map((r) => r.eventId),
            outbox.map((r) => json(r.payload)),
            outbox.map((r) => r.status),
            outbox.map((r) => r.reason ?? null),
            outbox.map((r) => r.nextAttemptAt),
            order.confirmedAt,
          ],
        );
      return { created: true, order, outbox: await rowsOf(client, order.eventId) };
    });
}

export function getOrder(pool: pg.Pool): OrderStore['getOrder'] {
  return async (kind, orderId) =>
    (
      await pool.query<{ body: StoredOrder }>('SELECT body FROM orders WHERE kind = $1 AND order_id = $2', [
        kind,
        orderId,
      ])
    ).rows[0]?.body;
}
