/**
 * Storage on PostgreSQL (13 or later) through a `pg` connection pool, for one collector or many
 * sharing one database. Every write resolves after its transaction committed. Beacons are group
 * committed (`beacons.ts`); the outbox is shared through leases (`outbox.ts`).
 */
import type { DestinationSettings, Storage, StoredEvent, Visitor } from '../storage/types.js';
import { beaconWriter } from './beacons.js';
import { migrate } from './migrations.js';
import { getOrder, recordOrder } from './orders.js';
import { outboxStore } from './outbox.js';
import { postgresOverview } from './overview.js';
import { createPool, type PoolOptions } from './pool.js';
import { json, rowToEvent, type Row } from './rows.js';
import { settleWriter } from './settle.js';

export type PostgresOptions = PoolOptions & {
  /** Beacons, and settlements, per group commit at most (default 500). */
  maxBatch?: number;
};

export interface PostgresStorage extends Storage {
  /** The schema version after migrating. */
  readonly version: number;
}

/** Connects, migrates (once per database, whichever instance comes first) and returns the storage. */
export async function postgresStorage(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
  const pool = createPool(url, options);
  let version: number;
  try {
    version = await migrate(pool, options.schema ?? 'tandem');
  } catch (error) {
    await pool.end();
    throw error;
  }
  const beacons = beaconWriter(pool, options.maxBatch);
  const settles = settleWriter(pool, options.maxBatch);
  let closed: Promise<void> | undefined;

  return {
    version,
    recordBeacon: (visitor, events) => beacons.record(visitor, events),
    async getVisitor(id) {
      return (await pool.query<{ body: Visitor }>('SELECT body FROM visitors WHERE id = $1', [id])).rows[0]
        ?.body;
    },
    async getEvent(id, visitorId) {
      const row = (
        await pool.query<Row>('SELECT * FROM events WHERE id = $1 AND visitor_id = $2', [id, visitorId])
      ).rows[0];
      return row ? rowToEvent(row) : undefined;
    },
    async latestEventOf(visitorId) {
      const row = (
        await pool.query<Row>(
          'SELECT * FROM events WHERE visitor_id = $1 ORDER BY received_at DESC, seq DESC LIMIT 1',
          [visitorId],
        )
      ).rows[0];
      return row ? rowToEvent(row) : undefined;
    },
    async forgetBeaconIps(before) {
      const result = await pool.query(
        'UPDATE events SET full_ip = NULL WHERE full_ip IS NOT NULL AND received_at < $1',
        [before],
      );
      return result.rowCount ?? 0;
    },
    async listEvents(limit = 100): Promise<StoredEvent[]> {
      const { rows } = await pool.query<Row>('SELECT * FROM events ORDER BY seq DESC LIMIT $1', [limit]);
      return rows.map(rowToEvent);
    },
    async purgeEvents(before) {
      return (await pool.query('DELETE FROM events WHERE received_at < $1', [before])).rowCount ?? 0;
    },
    async purgeVisitors(before) {
      const result = await pool.query(
        `DELETE FROM visitors v WHERE v.last_seen < $1
           AND NOT EXISTS (SELECT 1 FROM events e WHERE e.visitor_id = v.id)
           AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.body->>'visitorId' = v.id)`,
        [before],
      );
      return result.rowCount ?? 0;
    },
    /** Tables with their indexes and TOAST in Tandem's schema (the storage budget reads it). */
    async sizeBytes() {
      const { rows } = await pool.query<{ bytes: string }>(
        `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) AS bytes
           FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
          WHERE n.nspname = current_schema() AND c.relkind = 'r'`,
      );
      return Number(rows[0]!.bytes);
    },

    recordOrder: recordOrder(pool),
    getOrder: getOrder(pool),
    ...outboxStore(pool, settles.settle),

    async sessionEpoch() {
      const row = (await pool.query<{ epoch: string }>('SELECT epoch FROM session_epoch WHERE id = 1'))
        .rows[0];
      return row ? Number(row.epoch) : 0;
    },
    async endSessions() {
      const { rows } = await pool.query<{ epoch: string }>(
        `INSERT INTO session_epoch (id, epoch) VALUES (1, 1)
         ON CONFLICT (id) DO UPDATE SET epoch = session_epoch.epoch + 1 RETURNING epoch`,
      );
      return Number(rows[0]!.epoch);
    },

    async getSettings(destination) {
      return (
        await pool.query<{ body: DestinationSettings }>('SELECT body FROM settings WHERE destination = $1', [
          destination,
        ])
      ).rows[0]?.body;
    },
    async putSettings(settings) {
      await pool.query(
        `INSERT INTO settings (destination, body) VALUES ($1, $2)
         ON CONFLICT (destination) DO UPDATE SET body = excluded.body`,
        [settings.destination, json(settings)],
      );
    },
    async listSettings() {
      return (
        await pool.query<{ body: DestinationSettings }>(
          'SELECT body FROM settings ORDER BY destination COLLATE "C"',
        )
      ).rows.map((r) => r.body);
    },

    overviewStats: postgresOverview(pool),

    async ping() {
      await pool.query('SELECT 1');
    },
    close() {
      closed ??= Promise.all([beacons.drain(), settles.drain()]).then(() => pool.end());
      return closed;
    },
  };
}
