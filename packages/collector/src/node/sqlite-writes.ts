/**
 * Every write the SQLite storage makes, as a serializable operation, and `createWriter(db)` that
 * applies one. The operations run in the writer thread (see `sqlite-worker.ts`), many to one
 * transaction; the rules they share with the in-memory storage live in `storage/`.
 */
import { eventBody } from '../storage/rows.js';
import type Database from 'better-sqlite3';
import { leaseToken, scrubbedPayload, settledFields, UNSETTLED } from '../storage/outbox-rules.js';
import type {
  DestinationSettings,
  NewOutboxRow,
  Settlement,
  StoredEvent,
  StoredOrder,
  Visitor,
  VisitorUpdate,
} from '../storage/types.js';
import { mergeVisitor } from '../storage/visitor-merge.js';
import { bodyOf, rowToOutbox, type Row } from './sqlite-rows.js';

export type WriteOp =
  | { type: 'recordBeacon'; visitor: VisitorUpdate; events: StoredEvent[] }
  | { type: 'recordOrder'; order: StoredOrder; outbox: NewOutboxRow[] }
  | { type: 'claimDue'; destination: string; now: number; leaseMs: number; limit: number }
  | { type: 'settle'; rowId: number; token: string; settlement: Settlement; now: number }
  | { type: 'markSending'; rowIds: number[]; token: string; now: number }
  | { type: 'holdInterrupted'; destination: string; now: number; reason: string }
  | { type: 'replayDead'; now: number; destination?: string }
  | { type: 'replayUncertain'; now: number; destination?: string; eventIds?: string[] }
  | { type: 'confirmUncertain'; now: number; destination: string; eventId: string; reason: string }
  | { type: 'putSettings'; settings: DestinationSettings }
  | { type: 'purgeEvents'; before: number }
  | { type: 'endSessions' }
  | { type: 'forgetBeaconIps'; before: number }
  | { type: 'purgeVisitors'; before: number }
  /** A round trip through the writer: proves the thread is alive and can take the write lock. */
  | { type: 'ping' };

export function createWriter(db: Database.Database): (op: WriteOp) => unknown {
  const q = {
    insertEvent: db.prepare(
      'INSERT OR IGNORE INTO events (id, name, visitor_id, received_at, url, body, full_ip) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    getVisitor: db.prepare('SELECT body FROM visitors WHERE id = ?'),
    putVisitor: db.prepare(
      'INSERT INTO visitors (id, last_seen, body) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body',
    ),
    getOrder: db.prepare('SELECT body FROM orders WHERE kind = ? AND order_id = ?'),
    orderOfEvent: db.prepare('SELECT body FROM orders WHERE event_id = ? LIMIT 1'),
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
    leased: db.prepare(
      `SELECT * FROM outbox WHERE id = ? AND status IN ('pending', 'sending') AND lease_token = ?`,
    ),
    markSending: db.prepare(
      `UPDATE outbox SET status = 'sending'
       WHERE id = ? AND status IN ('pending', 'sending') AND lease_token = ? AND lease_until > ?`,
    ),
    holdInterrupted: db.prepare(
      `UPDATE outbox SET status = 'uncertain', reason = ?, attempts = attempts + 1, lease_token = NULL, lease_until = NULL
       WHERE destination = ? AND status = 'sending' AND lease_until <= ?`,
    ),
    replayUncertain: db.prepare(
      `UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = 0, lease_token = NULL, lease_until = NULL
       WHERE status = 'uncertain' AND (? IS NULL OR destination = ?) AND (? IS NULL OR event_id = ?)`,
    ),
    confirmUncertain: db.prepare(
      `UPDATE outbox SET status = 'delivered', via = 'server', delivered_at = ?, reason = ?
       WHERE status = 'uncertain' AND destination = ? AND event_id = ?`,
    ),
    settle: db.prepare(
      `UPDATE outbox SET status = ?, reason = ?, via = ?, attempts = ?, next_attempt_at = ?, delivered_at = ?,
       lease_token = NULL, lease_until = NULL WHERE id = ?`,
    ),
    replayAll: db.prepare(
      `UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = 0, lease_token = NULL, lease_until = NULL WHERE status = 'dead'`,
    ),
    replayOne: db.prepare(
      `UPDATE outbox SET status = 'pending', next_attempt_at = ?, attempts = 0, lease_token = NULL, lease_until = NULL
       WHERE status = 'dead' AND destination = ?`,
    ),
    putSettings: db.prepare(
      'INSERT INTO settings (destination, body) VALUES (?, ?) ON CONFLICT (destination) DO UPDATE SET body = excluded.body',
    ),
    purgeEvents: db.prepare('DELETE FROM events WHERE received_at < ?'),
    endSessions: db.prepare(
      'INSERT INTO session_epoch (id, epoch) VALUES (1, 1) ON CONFLICT (id) DO UPDATE SET epoch = epoch + 1 RETURNING epoch',
    ),
    forgetBeaconIps: db.prepare(
      'UPDATE events SET full_ip = NULL WHERE full_ip IS NOT NULL AND received_at < ?',
    ),
    forgetEventIp: db.prepare('UPDATE events SET full_ip = NULL WHERE id = ? AND full_ip IS NOT NULL'),
    unsettled: db.prepare(
      `SELECT COUNT(*) AS n FROM outbox WHERE event_id = ? AND status IN (${UNSETTLED.map(() => '?').join(', ')})`,
    ),
    setPayload: db.prepare('UPDATE outbox SET payload = ? WHERE id = ?'),
    // NOT IN builds each subquery's set once, so this is one pass over each table (hourly).
    purgeVisitors: db.prepare(
      `DELETE FROM visitors WHERE last_seen < ? AND id NOT IN (SELECT visitor_id FROM events)
       AND id NOT IN (SELECT json_extract(body, '$.visitorId') FROM orders
                      WHERE json_extract(body, '$.visitorId') IS NOT NULL)`,
    ),
    probe: db.prepare('PRAGMA user_version = 1'),
  };
  const rowsOf = (eventId: string) => q.rowsOfEvent.all(eventId).map((r) => rowToOutbox(r as Row));
  /** The IP policy: once no row of the event is unsettled, no full client IP of it stays. */
  const scrubWhenSettled = (eventId: string) => {
    if ((q.unsettled.get(eventId, ...UNSETTLED) as { n: number }).n > 0) return;
    for (const r of rowsOf(eventId)) {
      const scrubbed = scrubbedPayload(r.payload);
      if (scrubbed !== undefined) q.setPayload.run(JSON.stringify(scrubbed), r.id);
    }
    q.forgetEventIp.run(eventId);
  };

  return (op) => {
    switch (op.type) {
      case 'recordBeacon': {
        const visitor = mergeVisitor(bodyOf<Visitor>(q.getVisitor.get(op.visitor.id)), op.visitor);
        q.putVisitor.run(visitor.id, visitor.lastSeen, JSON.stringify(visitor));
        for (const e of op.events)
          q.insertEvent.run(
            e.id,
            e.name,
            e.visitorId,
            e.receivedAt,
            e.url,
            JSON.stringify(eventBody(e)),
            e.fullIp ?? null,
          );
        return undefined;
      }
      case 'recordOrder': {
        const { order } = op;
        const existing = bodyOf<StoredOrder>(q.getOrder.get(order.kind, order.orderId));
        if (existing) return { created: false, order: existing, outbox: rowsOf(existing.eventId) };
        const holder = bodyOf<StoredOrder>(q.orderOfEvent.get(order.eventId));
        if (holder)
          return { created: false, order: holder, outbox: rowsOf(holder.eventId), conflict: 'event_id' };
        q.insertOrder.run(order.kind, order.orderId, order.eventId, order.confirmedAt, JSON.stringify(order));
        for (const r of op.outbox)
          q.insertRow.run(
            r.destination,
            r.eventId,
            JSON.stringify(r.payload ?? null),
            r.status,
            r.reason ?? null,
            order.confirmedAt,
            r.nextAttemptAt,
          );
        return { created: true, order, outbox: rowsOf(order.eventId) };
      }
      case 'claimDue': {
        const token = leaseToken();
        const until = op.now + op.leaseMs;
        const rows = q.due
          .all(op.destination, op.now, op.now, Math.max(0, op.limit))
          .map((r) => rowToOutbox(r as Row));
        for (const r of rows) q.lease.run(token, until, r.id);
        return { token, until, rows };
      }
      case 'settle': {
        const raw = q.leased.get(op.rowId, op.token);
        if (!raw) return false;
        const f = settledFields(rowToOutbox(raw as Row), op.settlement, op.now);
        q.settle.run(
          f.status,
          f.reason ?? null,
          f.via ?? null,
          f.attempts,
          f.nextAttemptAt,
          f.deliveredAt ?? null,
          op.rowId,
        );
        scrubWhenSettled(String((raw as Row).event_id));
        return true;
      }
      case 'markSending':
        return op.rowIds.filter((id) => q.markSending.run(id, op.token, op.now).changes > 0);
      case 'holdInterrupted':
        return q.holdInterrupted.run(op.reason, op.destination, op.now).changes;
      case 'replayUncertain': {
        const destination = op.destination ?? null;
        if (!op.eventIds) return q.replayUncertain.run(op.now, destination, destination, null, null).changes;
        let count = 0;
        for (const id of new Set(op.eventIds))
          count += q.replayUncertain.run(op.now, destination, destination, id, id).changes;
        return count;
      }
      case 'confirmUncertain':
        return q.confirmUncertain.run(op.now, op.reason, op.destination, op.eventId).changes;
      case 'replayDead':
        return op.destination === undefined
          ? q.replayAll.run(op.now).changes
          : q.replayOne.run(op.now, op.destination).changes;
      case 'putSettings':
        q.putSettings.run(op.settings.destination, JSON.stringify(op.settings));
        return undefined;
      case 'purgeEvents':
        return q.purgeEvents.run(op.before).changes;
      case 'endSessions':
        return (q.endSessions.get() as { epoch: number }).epoch;
      case 'forgetBeaconIps':
        return q.forgetBeaconIps.run(op.before).changes;
      case 'purgeVisitors':
        return q.purgeVisitors.run(op.before).changes;
      case 'ping':
        // A real write (the header's user_version), so a full or failing disk fails the ping.
        q.probe.run();
        return undefined;
    }
  };
}

/** Applies a batch in one transaction, each op in its own savepoint so one failure rolls back alone. */
export function applyBatch(
  db: Database.Database,
  apply: (op: WriteOp) => unknown,
  ops: string[],
): BatchResult[] {
  const results: BatchResult[] = [];
  db.transaction(() => {
    for (const text of ops) {
      try {
        results.push({ ok: true, value: db.transaction(() => apply(JSON.parse(text) as WriteOp))() });
      } catch (error) {
        results.push({
          ok: false,
          error: error instanceof Error ? error.message : String(error),
          ...codeOf(error),
        });
      }
    }
  }).immediate();
  return results;
}

export type BatchResult = { ok: true; value: unknown } | { ok: false; error: string; code?: string };

/** SQLite's error code (`SQLITE_FULL`, `SQLITE_IOERR_WRITE`, ...), which says whether to retry. */
export function codeOf(error: unknown): { code?: string } {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? { code } : {};
}
