/**
 * The PostgreSQL schema, as numbered migrations applied once each and recorded in
 * `tandem_migrations`. Everything lives in its own schema (`tandem` by default), so the collector
 * can share a database with the shop's own tables. Append new steps; never edit one that shipped.
 *
 * JSON is stored as `json` (the text as written), not `jsonb`: key order is part of what the
 * collector stores (a visitor's search clicks, most recent first).
 */
import type pg from 'pg';

/** A conversion's time: the payload's numeric `time`, else the row's `created_at`. */
export const ROW_TIME = `(CASE WHEN json_typeof(payload -> 'time') = 'number'
  THEN (payload ->> 'time')::float8 ELSE created_at::float8 END)`;

const MIGRATIONS: string[] = [
  // 1: events, visitors, orders, the outbox and destination settings.
  `CREATE TABLE events (
     seq bigserial PRIMARY KEY,
     id text NOT NULL,
     name text NOT NULL,
     visitor_id text NOT NULL,
     received_at bigint NOT NULL,
     url text NOT NULL,
     body json NOT NULL,
     -- The client's full IP, kept only until the conversion is settled (DELIVERY.md, client IPs).
     full_ip text,
     -- One beacon per (event ID, visitor): a stranger's beacon never hides the visitor's own.
     UNIQUE (id, visitor_id)
   );
   CREATE INDEX events_received_at ON events (received_at);
   CREATE INDEX events_full_ip ON events (received_at) WHERE full_ip IS NOT NULL;
   CREATE INDEX events_visitor_latest ON events (visitor_id, received_at);
   CREATE TABLE visitors (
     id text PRIMARY KEY,
     last_seen bigint NOT NULL,
     body json NOT NULL
   );
   CREATE TABLE orders (
     kind text NOT NULL,
     order_id text NOT NULL,
     event_id text NOT NULL UNIQUE,
     confirmed_at bigint NOT NULL,
     body json NOT NULL,
     PRIMARY KEY (kind, order_id)
   );
   CREATE TABLE outbox (
     id bigserial PRIMARY KEY,
     destination text NOT NULL,
     event_id text NOT NULL,
     payload json NOT NULL,
     status text NOT NULL,
     reason text,
     via text,
     attempts integer NOT NULL DEFAULT 0,
     created_at bigint NOT NULL,
     next_attempt_at bigint NOT NULL,
     delivered_at bigint,
     lease_token text,
     lease_until bigint,
     UNIQUE (destination, event_id)
   );
   CREATE INDEX outbox_due ON outbox (destination, next_attempt_at, id) WHERE status = 'pending';
   CREATE INDEX outbox_sending ON outbox (destination, lease_until) WHERE status = 'sending';
   CREATE INDEX outbox_event ON outbox (event_id);
   CREATE INDEX outbox_conversion_time ON outbox (${ROW_TIME}, event_id);
   CREATE TABLE settings (
     destination text PRIMARY KEY,
     body json NOT NULL
   );
   CREATE TABLE session_epoch (
     id integer PRIMARY KEY CHECK (id = 1),
     epoch bigint NOT NULL
   );`,
  // 2: each outbox row's attempts, as sent and answered (storage/attempts.ts); purged by time.
  `CREATE TABLE attempts (
     row_id bigint NOT NULL REFERENCES outbox (id) ON DELETE CASCADE,
     n integer NOT NULL,
     destination text NOT NULL,
     event_id text NOT NULL,
     at bigint NOT NULL,
     url text NOT NULL,
     body text NOT NULL,
     batch_size integer NOT NULL,
     status integer,
     error text,
     response text NOT NULL,
     PRIMARY KEY (row_id, n)
   );
   CREATE INDEX attempts_at ON attempts (at);`,
];

/** Any fixed key: instances starting together migrate one after the other. */
const MIGRATION_LOCK = 7_414_010;

/**
 * Creates the schema if needed and applies the migrations not yet recorded, in one transaction
 * under an advisory lock; returns the schema version.
 */
export async function migrate(pool: pg.Pool, schema: string): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoteIdent(schema)}`);
    await client.query(`SET LOCAL search_path TO ${quoteIdent(schema)}`);
    await client.query(
      'CREATE TABLE IF NOT EXISTS tandem_migrations (version integer PRIMARY KEY, applied_at bigint NOT NULL)',
    );
    const { rows } = await client.query<{ v: number | null }>(
      'SELECT MAX(version) AS v FROM tandem_migrations',
    );
    const current = rows[0]?.v ?? 0;
    for (const [index, sql] of MIGRATIONS.entries()) {
      const version = index + 1;
      if (version <= current) continue;
      await client.query(sql);
      await client.query('INSERT INTO tandem_migrations (version, applied_at) VALUES ($1, $2)', [
        version,
        Date.now(),
      ]);
    }
    await client.query('COMMIT');
    return MIGRATIONS.length;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** A schema name as an SQL identifier; only plain names are accepted. */
export function quoteIdent(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid Postgres schema name "${name}"`);
  return `"${name}"`;
}
