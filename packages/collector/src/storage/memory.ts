/**
 * In-memory storage for unit tests and demos: the same contract as SQLite, without durability.
 * Values are cloned in and out so callers can never mutate what is "stored".
 */
import { mergeVisitor } from './visitor-merge.js';
import { leaseToken, scrubbedPayload, SETTLEABLE, settledFields, UNSETTLED } from './outbox-rules.js';
import { scanOverview } from './read-model.js';
import type { DestinationSettings, OutboxRow, Storage, StoredEvent, StoredOrder, Visitor } from './types.js';

interface MemoryRow extends OutboxRow {
  leaseToken?: string;
  leaseUntil?: number;
}

const clone = structuredClone;
/** Code-unit order, as SQLite's default collation sorts. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function publicRow(row: MemoryRow): OutboxRow {
  const { leaseToken: _t, leaseUntil: _u, ...rest } = row;
  return clone(rest);
}

export function memoryStorage(): Storage {
  /** Keyed by event ID and visitor ID: see `recordBeacon` in `types.ts`. */
  const events = new Map<string, StoredEvent>();
  const eventKey = (id: string, visitorId: string) => `${id}\u0000${visitorId}`;
  const visitors = new Map<string, Visitor>();
  const orders = new Map<string, StoredOrder>();
  const outbox: MemoryRow[] = [];
  const settings = new Map<string, DestinationSettings>();
  let nextRowId = 1;
  let epoch = 0;
  const orderKey = (kind: string, orderId: string) => `${kind}\u0000${orderId}`;
  /** Held rows (dead or uncertain) back to the queue, due now, with a fresh attempt count. */
  const requeue = (status: OutboxRow['status'], now: number, match: (r: MemoryRow) => boolean) => {
    let count = 0;
    for (const r of outbox) {
      if (r.status !== status || !match(r)) continue;
      r.status = 'pending';
      r.nextAttemptAt = now;
      r.attempts = 0;
      delete r.leaseToken;
      delete r.leaseUntil;
      count++;
    }
    return count;
  };
  const rowsOf = (eventId: string) => outbox.filter((r) => r.eventId === eventId).map(publicRow);

  return {
    async recordBeacon(update, rows) {
      visitors.set(update.id, mergeVisitor(visitors.get(update.id), update));
      for (const row of rows) {
        const key = eventKey(row.id, row.visitorId);
        if (!events.has(key)) events.set(key, clone(row));
      }
    },
    async getVisitor(id) {
      const v = visitors.get(id);
      return v && clone(v);
    },
    async getEvent(id, visitorId) {
      const e = events.get(eventKey(id, visitorId));
      return e && clone(e);
    },
    async latestEventOf(visitorId) {
      let latest: StoredEvent | undefined;
      for (const e of events.values())
        if (e.visitorId === visitorId && (!latest || e.receivedAt >= latest.receivedAt)) latest = e;
      return latest && clone(latest);
    },
    async forgetBeaconIps(before) {
      let count = 0;
      for (const e of events.values())
        if (e.fullIp !== undefined && e.receivedAt < before) {
          delete e.fullIp;
          count++;
        }
      return count;
    },
    async listEvents(limit = 100) {
      return [...events.values()]
        .slice(-limit)
        .reverse()
        .map((v) => clone(v));
    },

    async recordOrder(order, rows) {
      const key = orderKey(order.kind, order.orderId);
      const existing = orders.get(key);
      if (existing) return { created: false, order: clone(existing), outbox: rowsOf(existing.eventId) };
      const holder = [...orders.values()].find((o) => o.eventId === order.eventId);
      if (holder)
        return { created: false, order: clone(holder), outbox: rowsOf(holder.eventId), conflict: 'event_id' };
      orders.set(key, clone(order));
      for (const row of rows) {
        if (outbox.some((r) => r.destination === row.destination && r.eventId === row.eventId)) continue;
        outbox.push({
          id: nextRowId++,
          destination: row.destination,
          eventId: row.eventId,
          payload: clone(row.payload),
          status: row.status,
          ...(row.reason !== undefined && { reason: row.reason }),
          attempts: 0,
          createdAt: order.confirmedAt,
          nextAttemptAt: row.nextAttemptAt,
        });
      }
      return { created: true, order: clone(order), outbox: rowsOf(order.eventId) };
    },
    async getOrder(kind, orderId) {
      const o = orders.get(orderKey(kind, orderId));
      return o && clone(o);
    },

    async claimDue(destination, now, leaseMs, limit) {
      const token = leaseToken();
      const until = now + leaseMs;
      const due = outbox
        .filter(
          (r) =>
            r.destination === destination &&
            r.status === 'pending' &&
            r.nextAttemptAt <= now &&
            (r.leaseUntil === undefined || r.leaseUntil <= now),
        )
        .sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id)
        .slice(0, Math.max(0, limit));
      for (const r of due) {
        r.leaseToken = token;
        r.leaseUntil = until;
      }
      return { token, until, rows: due.map(publicRow) };
    },
    async settle(rowId, token, settlement, now) {
      const row = outbox.find((r) => r.id === rowId);
      if (!row || !SETTLEABLE.includes(row.status) || row.leaseToken !== token) return false;
      const fields = settledFields(row, settlement, now);
      Object.assign(row, fields);
      for (const k of ['reason', 'via', 'deliveredAt'] as const) if (fields[k] === undefined) delete row[k];
      delete row.leaseToken;
      delete row.leaseUntil;
      const rows = outbox.filter((r) => r.eventId === row.eventId);
      if (!rows.some((r) => UNSETTLED.includes(r.status))) {
        for (const r of rows) {
          const scrubbed = scrubbedPayload(r.payload);
          if (scrubbed !== undefined) r.payload = scrubbed;
        }
        for (const e of events.values()) if (e.id === row.eventId) delete e.fullIp;
      }
      return true;
    },
    async markSending(rowIds, token, now) {
      const marked: number[] = [];
      for (const id of rowIds) {
        const r = outbox.find((x) => x.id === id);
        if (!r || !SETTLEABLE.includes(r.status) || r.leaseToken !== token || (r.leaseUntil ?? 0) <= now)
          continue;
        r.status = 'sending';
        marked.push(id);
      }
      return marked;
    },
    async holdInterrupted(destination, now, reason) {
      let count = 0;
      for (const r of outbox) {
        if (r.destination !== destination || r.status !== 'sending' || (r.leaseUntil ?? 0) > now) continue;
        Object.assign(r, settledFields(r, { status: 'uncertain', reason }, now));
        delete r.leaseToken;
        delete r.leaseUntil;
        count++;
      }
      return count;
    },
    async replayDead(now, destination) {
      return requeue('dead', now, (r) => destination === undefined || r.destination === destination);
    },
    async replayUncertain(now, filter = {}) {
      return requeue(
        'uncertain',
        now,
        (r) =>
          (filter.destination === undefined || r.destination === filter.destination) &&
          (filter.eventIds === undefined || filter.eventIds.includes(r.eventId)),
      );
    },
    async confirmUncertain(now, destination, eventId, reason) {
      const r = outbox.find(
        (x) => x.status === 'uncertain' && x.destination === destination && x.eventId === eventId,
      );
      if (!r) return 0;
      Object.assign(r, { status: 'delivered', via: 'server', deliveredAt: now, reason });
      return 1;
    },
    async listOutbox(query) {
      return outbox
        .filter(
          (r) =>
            (query.destination === undefined || r.destination === query.destination) &&
            (query.status === undefined || r.status === query.status) &&
            (query.eventId === undefined || r.eventId === query.eventId),
        )
        .reverse()
        .slice(0, query.limit ?? 100)
        .map(publicRow);
    },
    async outboxStats() {
      const counts = new Map<string, { destination: string; status: OutboxRow['status']; count: number }>();
      for (const r of outbox) {
        const key = `${r.destination}\u0000${r.status}`;
        const entry = counts.get(key) ?? { destination: r.destination, status: r.status, count: 0 };
        entry.count++;
        counts.set(key, entry);
      }
      return [...counts.values()].sort(
        (a, b) => byText(a.destination, b.destination) || byText(a.status, b.status),
      );
    },

    async getSettings(destination) {
      const s = settings.get(destination);
      return s && clone(s);
    },
    async putSettings(value) {
      settings.set(value.destination, clone(value));
    },
    async listSettings() {
      return [...settings.values()].sort((a, b) => byText(a.destination, b.destination)).map((v) => clone(v));
    },

    async sessionEpoch() {
      return epoch;
    },
    async endSessions() {
      return ++epoch;
    },

    async purgeEvents(before) {
      let count = 0;
      for (const [id, e] of events)
        if (e.receivedAt < before) {
          events.delete(id);
          count++;
        }
      return count;
    },
    async purgeVisitors(before) {
      const used = new Set([
        ...[...events.values()].map((e) => e.visitorId),
        ...[...orders.values()].map((o) => o.visitorId),
      ]);
      let count = 0;
      for (const [id, v] of visitors)
        if (v.lastSeen < before && !used.has(id)) {
          visitors.delete(id);
          count++;
        }
      return count;
    },
    async overviewStats(days, now) {
      // Newest first, as `listOutbox` returns them: the newest row of a conversion gives its time.
      return scanOverview([...outbox].reverse().map(publicRow), [...events.values()].reverse(), days, now);
    },

    async ping() {},
    async close() {},
  };
}
