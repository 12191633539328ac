/**
 * The SQLite schema, as numbered migrations applied once each and recorded in `migrations`.
 * Append new steps; never edit one that has shipped.
 */
import type Database from 'better-sqlite3';

const MIGRATIONS: string[] = [
  // 1: the walking skeleton's events table (kept compatible with files it created).
  `CREATE TABLE IF NOT EXISTS events (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     visitor_id TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     url TEXT NOT NULL,
     body TEXT NOT NULL
   )`,
  // 2: visitors, orders, the outbox and destination settings.
  `CREATE INDEX IF NOT EXISTS events_received_at ON events (received_at);
   CREATE TABLE visitors (
     id TEXT PRIMARY KEY,
     last_seen INTEGER NOT NULL,
     body TEXT NOT NULL
   );
   CREATE TABLE orders (
     kind TEXT NOT NULL,
     order_id TEXT NOT NULL,
     event_id TEXT NOT NULL,
     confirmed_at INTEGER NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (kind, order_id)
   );
   CREATE TABLE outbox (
     id INTEGER PRIMARY KEY AUTOINCREMENT,
     destination TEXT NOT NULL,
     event_id TEXT NOT NULL,
     payload TEXT NOT NULL,
     status TEXT NOT NULL,
     reason TEXT,
     via TEXT,
     attempts INTEGER NOT NULL DEFAULT 0,
     created_at INTEGER NOT NULL,
     next_attempt_at INTEGER NOT NULL,
     delivered_at INTEGER,
     lease_token TEXT,
     lease_until INTEGER
   );
   CREATE UNIQUE INDEX outbox_destination_event ON outbox (destination, event_id);
   CREATE INDEX outbox_due ON outbox (destination, status, next_attempt_at);
   CREATE TABLE settings (
     destination TEXT PRIMARY KEY,
     body TEXT NOT NULL
   );`,
  // 3: recordOrder reads an order's rows (and looks for an order) by event ID; without these
  // indexes each order scanned the whole outbox in the writer thread.
  `CREATE INDEX IF NOT EXISTS outbox_event ON outbox (event_id);
   CREATE INDEX IF NOT EXISTS orders_event ON orders (event_id);`,
  // 4: the dashboard overview finds the conversions of a window by their time (the payload's
  // numeric `time`, else the row's `created_at`) instead of reading every payload. The expression
  // must stay the same as ROW_TIME in sqlite-overview.ts, or the query no longer uses the index.
  `CREATE INDEX IF NOT EXISTS outbox_conversion_time ON outbox (
     (CASE WHEN json_type(payload, '$.time') IN ('integer', 'real')
       THEN json_extract(payload, '$.time') ELSE created_at END),
     event_id
   );`,
  // 5: an event is kept once per (event ID, visitor), not once per event ID: a stranger's beacon
  // posted first with a purchase's event ID must not hide the customer's own (see recordBeacon in
  // storage/types.ts). SQLite cannot change a primary key in place, so the table is copied.
  `CREATE TABLE events_by_visitor (
     id TEXT NOT NULL,
     name TEXT NOT NULL,
     visitor_id TEXT NOT NULL,
     received_at INTEGER NOT NULL,
     url TEXT NOT NULL,
     body TEXT NOT NULL,
     PRIMARY KEY (id, visitor_id)
   );
   INSERT INTO events_by_visitor (id, name, visitor_id, received_at, url, body)
     SELECT id, name, visitor_id, received_at, url, body FROM events ORDER BY rowid;
   DROP TABLE events;
   ALTER TABLE events_by_visitor RENAME TO events;
   CREATE INDEX events_received_at ON events (received_at);`,
  // 6: the dashboard's session epoch (see sessionEpoch in storage/types.ts), one row.
  `CREATE TABLE session_epoch (
     id INTEGER PRIMARY KEY CHECK (id = 1),
     epoch INTEGER NOT NULL
   );`,
  // 7: late context. A beacon's full client IP sits in its own column, kept only briefly (the
  // partial index finds the ones to forget); the engine reads a visitor's newest event.
  `ALTER TABLE events ADD COLUMN full_ip TEXT;
   CREATE INDEX IF NOT EXISTS events_full_ip ON events (received_at) WHERE full_ip IS NOT NULL;
   CREATE INDEX IF NOT EXISTS events_visitor_latest ON events (visitor_id, received_at);`,
  // 8: each outbox row's attempts, as sent and answered (storage/attempts.ts); purged by time.
  `CREATE TABLE attempts (
     row_id INTEGER NOT NULL,
     n INTEGER NOT NULL,
     destination TEXT NOT NULL,
     event_id TEXT NOT NULL,
     at INTEGER NOT NULL,
     url TEXT NOT NULL,
     body TEXT NOT NULL,
     batch_size INTEGER NOT NULL,
     status INTEGER,
     error TEXT,
     response TEXT NOT NULL,
     PRIMARY KEY (row_id, n)
   );
   CREATE INDEX attempts_at ON attempts (at);`,
];

/** Applies the migrations this file has not yet recorded; returns the schema version. */
export function migrate(db: Database.Database): number {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  const record = db.prepare('INSERT INTO migrations (version, applied_at) VALUES (?, ?)');
  db.transaction(() => {
    MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= current) return;
      db.exec(sql);
      record.run(version, Date.now());
    });
  })();
  return MIGRATIONS.length;
}
