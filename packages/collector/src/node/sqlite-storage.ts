/**
 * SQLite storage (better-sqlite3): one file, WAL, synchronous=FULL, and group commit (see
 * `group-commit.ts`), so a write's promise resolves only once it is on disk. Reads run directly:
 * a write is only visible after its commit, which is also when its caller hears of it.
 */
import Database from 'better-sqlite3';
import { leaseToken, settledFields } from '../storage/outbox-rules.js';
import { mergeVisitor } from '../storage/visitor-merge.js';
import type {
  DestinationSettings,
  OutboxRow,
  Storage,
  StoredEvent,
  StoredOrder,
  Visitor,
} from '../storage/types.js';
import { groupCommit } from './group-commit.js';
import { migrate } from './sqlite-migrations.js';

type Row = Record<string, unknown>;

function rowToEvent(row: Row): StoredEvent {
  const body = JSON.parse(String(row.body));
  return {
    id: String(row.id),
    name: String(row.name),
    visitorId: String(row.visitor_id),
    receivedAt: Number(row.received_at),
    url: String(row.url),
    props: body.props,
    pixels: body.pixels,
    consent: body.consent,
    ids: body.ids,
  };
}

function rowToOutbox(row: Row): OutboxRow {
  return {
    id: Number(row.id),
    destination: String(row.destination),
    eventId: String(row.event_id),
    payload: JSON.parse(String(row.payload)),
    status: row.status as OutboxRow['status'],
    ...(row.reason !== null && { reason: String(row.reason) }),
    ...(row.via !== null && { via: row.via as 'server' | 'pixel' }),
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    nextAttemptAt: Number(row.next_attempt_at),
    ...(row.delivered_at !== null && { deliveredAt: Number(row.delivered_at) }),
  };
}

export interface SqliteOptions {
  /** Writes per group transaction before it is committed without waiting for the turn to end. */
  maxBatch?: number;
}

export function sqliteStorage(file: string, options: SqliteOptions = {}): Storage {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  migrate(db);
  const writes = groupCommit(db, options.maxBatch);

  const q = {
    insertEvent: db.prepare(
      'INSERT OR IGNORE INTO events (id, name, visitor_id, received_at, url, body) VALUES (?, ?, ?, ?, ?, ?)',
    ),
    getEvent: db.prepare('SELECT * FROM events WHERE id = ?'),
    listEvents: db.prepare('SELECT * FROM events ORDER BY rowid DESC LIMIT ?'),
    purgeEvents: db.prepare('DELETE FROM events WHERE received_at < ?'),
    getVisitor: db.prepare('SELECT body FROM visitors WHERE id = ?'),
    putVisitor: db.prepare(
      'INSERT INTO visitors (id, last_seen, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body',
    ),
    getOrder: db.prepare('SELECT body FROM orders WHERE kind = ? AND order_id = ?'),
    insertOrder: db.prepare(
      'INSERT INTO orders (kind, order_id, event_id, confirmed_at, body) VALUES (?, ?, ?, ?, ?)',
    ),
    insertRow: db.prepare(
      `INSERT OR IGNORE INTO outbox (destination, event_id, payload, status, reason, attempts, created_at, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, 0, ?, ?)`,
    ),
    rowsOfEvent: db.prepare('SELECT * FROM outbox WHERE event_id = ? ORDER BY id'),
    due: db.prepare(
      `SELECT * FROM outbox WHERE destination = ? AND status = 'pending' AND next_attempt_at <= ?
       AND (lease_until IS NULL OR lease_until <= ?) ORDER BY next_attempt_at, id LIMIT ?`,
    ),
    lease: db.prepare('UPDATE outbox SET lease_token = ?, lease_until = ? WHERE id = ?'),
    leased: db.prepare(`SELECT * FROM outbox WHERE id = ? AND status = 'pending' AND lease_token = ?`),
    settle: db.prepare(
      `UPDATE outbox SET status = ?, reason = ?, via = ?, attempts = ?, next_attempt_at = ?, delivered_at = ?,
       lease_token = NULL, lease_until = NULL WHERE id = ?`,
    ),
    replayAll: db.prepare(
      `UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = 0, lease_token = NULL, lease_until = NULL
       WHERE status = 'dead'`,
    ),
    replayOne: db.prepare(
      `UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = 0, lease_token = NULL, lease_until = NULL
       WHERE status = 'dead' AND destination = ?`,
    ),
    stats: db.prepare(
      'SELECT destination, status, COUNT(*) AS count FROM outbox GROUP BY destination, status ORDER BY destination, status',
    ),
    getSettings: db.prepare('SELECT body FROM settings WHERE destination = ?'),
    putSettings: db.prepare(
      'INSERT INTO settings (destination, body) VALUES (?, ?) ON CONFLICT (destination) DO UPDATE SET body = excluded.body',
    ),
    listSettings: db.prepare('SELECT body FROM settings ORDER BY destination'),
    ping: db.prepare('SELECT 1'),
  };

  const bodyOf = <T>(row: unknown): T | undefined =>
    row ? (JSON.parse(String((row as Row).body)) as T) : undefined;
  const readOrder = (kind: string, orderId: string) => bodyOf<StoredOrder>(q.getOrder.get(kind, orderId));
  const rowsOf = (eventId: string) => q.rowsOfEvent.all(eventId).map((r) => rowToOutbox(r as Row));
  let closed = false;

  return {
    recordBeacon(update, events) {
      return writes.write(() => {
        const visitor = mergeVisitor(bodyOf<Visitor>(q.getVisitor.get(update.id)), update);
        q.putVisitor.run(visitor.id, visitor.lastSeen, JSON.stringify(visitor));
        for (const e of events)
          q.insertEvent.run(
            e.id,
            e.name,
            e.visitorId,
            e.receivedAt,
            e.url,
            JSON.stringify({ props: e.props, pixels: e.pixels, consent: e.consent, ids: e.ids }),
          );
      });
    },
    async getVisitor(id) {
      return bodyOf<Visitor>(q.getVisitor.get(id));
    },
    async getEvent(id) {
      const row = q.getEvent.get(id);
      return row ? rowToEvent(row as Row) : undefined;
    },
    async listEvents(limit = 100) {
      return q.listEvents.all(limit).map((r) => rowToEvent(r as Row));
    },

    recordOrder(order, rows) {
      return writes.write(() => {
        const existing = readOrder(order.kind, order.orderId);
        if (existing) return { created: false, order: existing, outbox: rowsOf(existing.eventId) };
        q.insertOrder.run(order.kind, order.orderId, order.eventId, order.confirmedAt, JSON.stringify(order));
        for (const r of rows)
          q.insertRow.run(
            r.destination,
            r.eventId,
            JSON.stringify(r.payload ?? null),
            r.status,
            r.reason ?? null,
            order.confirmedAt,
            r.nextAttemptAt,
          );
        return { created: true, order: structuredClone(order), outbox: rowsOf(order.eventId) };
      });
    },
    async getOrder(kind, orderId) {
      return readOrder(kind, orderId);
    },

    claimDue(destination, now, leaseMs, limit) {
      return writes.write(() => {
        const token = leaseToken();
        const until = now + leaseMs;
        const rows = q.due.all(destination, now, now, Math.max(0, limit)).map((r) => rowToOutbox(r as Row));
        for (const r of rows) q.lease.run(token, until, r.id);
        return { token, until, rows };
      });
    },
    settle(rowId, token, settlement, now) {
      return writes.write(() => {
        const raw = q.leased.get(rowId, token);
        if (!raw) return false;
        const f = settledFields(rowToOutbox(raw as Row), settlement, now);
        q.settle.run(
          f.status,
          f.reason ?? null,
          f.via ?? null,
          f.attempts,
          f.nextAttemptAt,
          f.deliveredAt ?? null,
          rowId,
        );
        return true;
      });
    },
    replayDead(now, destination) {
      return writes.write(() =>
        destination === undefined ? q.replayAll.run(now).changes : q.replayOne.run(now, destination).changes,
      );
    },
    async listOutbox(query) {
      const filters: Array<[string, unknown]> = [
        ['destination', query.destination],
        ['status', query.status],
        ['event_id', query.eventId],
      ].filter(([, value]) => value !== undefined) as Array<[string, unknown]>;
      const where = filters.map(([column]) => `${column} = ?`);
      const params = filters.map(([, value]) => value);
      const sql = `SELECT * FROM outbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`;
      return db
        .prepare(sql)
        .all(...params, query.limit ?? 100)
        .map((r) => rowToOutbox(r as Row));
    },
    async outboxStats() {
      return q.stats.all().map((r) => {
        const row = r as Row;
        return {
          destination: String(row.destination),
          status: row.status as OutboxRow['status'],
          count: Number(row.count),
        };
      });
    },

    async getSettings(destination) {
      return bodyOf<DestinationSettings>(q.getSettings.get(destination));
    },
    putSettings(settings) {
      return writes.write(() => {
        q.putSettings.run(settings.destination, JSON.stringify(settings));
      });
    },
    async listSettings() {
      return q.listSettings.all().map((r) => bodyOf<DestinationSettings>(r)!);
    },

    purgeEvents(before) {
      return writes.write(() => q.purgeEvents.run(before).changes);
    },
    async ping() {
      q.ping.get();
    },
    async close() {
      if (closed) return;
      closed = true;
      writes.flush();
      db.close();
    },
  };
}
