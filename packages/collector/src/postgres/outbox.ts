/**
 * The outbox on Postgres, shared by any number of delivery engines on any number of instances.
 * A claim takes due rows with `FOR UPDATE SKIP LOCKED` and writes its lease token on them in the
 * same statement: two claims never take one row, and a row whose holder died is taken again once
 * its lease expires. Settlements are group committed (`settle.ts`) and apply only while the token
 * is the row's.
 * `sending` rows are never claimed; `holdInterrupted` turns those whose lease expired (on any
 * instance) into `uncertain`.
 */
import type pg from 'pg';
import { leaseToken } from '../storage/outbox-rules.js';
import type { OutboxStatus, OutboxStore } from '../storage/types.js';
import { transaction } from './pool.js';
import { rowToOutbox, type Row } from './rows.js';
import { scrubSettled } from './settle.js';

/** The event's lock, as the group settle takes it (`settle.ts`), for a change to its rows. */
async function lockEvent(client: pg.PoolClient, eventId: string) {
  await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [eventId]);
}

const REQUEUE = `status = 'pending', next_attempt_at = $1, attempts = 0, lease_token = NULL, lease_until = NULL`;

export function outboxStore(pool: pg.Pool, settle: OutboxStore['settle']): OutboxStore {
  return {
    async claimDue(destination, now, leaseMs, limit) {
      const token = leaseToken();
      const until = now + leaseMs;
      const { rows } = await pool.query<Row>(
        `WITH due AS (
           SELECT id FROM outbox
           WHERE destination = $1 AND status = 'pending' AND next_attempt_at <= $2
             AND (lease_until IS NULL OR lease_until <= $2)
           ORDER BY next_attempt_at, id LIMIT $3
           FOR UPDATE SKIP LOCKED)
         UPDATE outbox o SET lease_token = $4, lease_until = $5 FROM due WHERE o.id = due.id
         RETURNING o.*`,
        [destination, now, Math.max(0, limit), token, until],
      );
      const claimed = rows.map(rowToOutbox).sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
      return { token, until, rows: claimed };
    },

    settle,

    async markSending(rowIds, token, now) {
      const { rows } = await pool.query<{ id: string }>(
        `UPDATE outbox SET status = 'sending'
         WHERE id = ANY($1::bigint[]) AND status IN ('pending', 'sending') AND lease_token = $2 AND lease_until > $3
         RETURNING id`,
        [rowIds, token, now],
      );
      const marked = new Set(rows.map((r) => Number(r.id)));
      return rowIds.filter((id) => marked.has(id));
    },

    async holdInterrupted(destination, now, reason) {
      const result = await pool.query(
        `UPDATE outbox SET status = 'uncertain', reason = $1, attempts = attempts + 1,
           lease_token = NULL, lease_until = NULL
         WHERE destination = $2 AND status = 'sending' AND COALESCE(lease_until, 0) <= $3`,
        [reason, destination, now],
      );
      return result.rowCount ?? 0;
    },

    async replayDead(now, destination) {
      const result = await pool.query(
        `UPDATE outbox SET ${REQUEUE} WHERE status = 'dead' AND ($2::text IS NULL OR destination = $2)`,
        [now, destination ?? null],
      );
      return result.rowCount ?? 0;
    },

    confirmUncertain: (now, destination, eventId, reason) =>
      transaction(pool, async (client) => {
        await lockEvent(client, eventId);
        const result = await client.query(
          `UPDATE outbox SET status = 'delivered', via = 'server', delivered_at = $1, reason = $2
           WHERE status = 'uncertain' AND destination = $3 AND event_id = $4`,
          [now, reason, destination, eventId],
        );
        await scrubSettled(client, [eventId]);
        return result.rowCount ?? 0;
      }),

    async replayUncertain(now, filter = {}) {
      const result = await pool.query(
        `UPDATE outbox SET ${REQUEUE}
         WHERE status = 'uncertain' AND ($2::text IS NULL OR destination = $2)
           AND ($3::text[] IS NULL OR event_id = ANY($3))`,
        [now, filter.destination ?? null, filter.eventIds ?? null],
      );
      return result.rowCount ?? 0;
    },

    async listOutbox(query) {
      const { rows } = await pool.query<Row>(
        `SELECT * FROM outbox
         WHERE ($1::text IS NULL OR destination = $1) AND ($2::text IS NULL OR status = $2)
           AND ($3::text IS NULL OR event_id = $3)
         ORDER BY id DESC LIMIT $4`,
        [query.destination ?? null, query.status ?? null, query.eventId ?? null, query.limit ?? 100],
      );
      return rows.map(rowToOutbox);
    },

    async outboxStats() {
      const { rows } = await pool.query<{ destination: string; status: OutboxStatus; count: string }>(
        `SELECT destination, status, COUNT(*) AS count FROM outbox
         GROUP BY destination, status ORDER BY destination COLLATE "C", status COLLATE "C"`,
      );
      return rows.map((r) => ({ destination: r.destination, status: r.status, count: Number(r.count) }));
    },
  };
}
