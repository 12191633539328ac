/**
 * SQLite storage (better-sqlite3): one file, WAL, synchronous=FULL. Writes go to a writer thread
 * with pipelined group commit (`write-channel.ts`), so a write's promise resolves only once it is
 * on disk and the event loop never waits for an fsync. Reads run on the main thread's own
 * connection: WAL gives it the last committed state, which is what callers have been told about.
 */
import type {
  DestinationSettings,
  Lease,
  OutboxRow,
  Storage,
  StoredOrder,
  Visitor,
} from '../storage/types.js';
import type { Fault } from './sqlite-faults.js';
import { openDatabase } from './sqlite-open.js';
import { sqliteOverview } from './sqlite-overview.js';
import { bodyOf, rowToEvent, rowToOutbox, type Row } from './sqlite-rows.js';
import type { Worker } from 'node:worker_threads';
import { startThread } from './thread.js';
import { writeChannel } from './write-channel.js';

export interface SqliteOptions {
  /** Writes per group transaction at most; more wait for the next commit. */
  maxBatch?: number;
  /** How long `ping` waits for the writer thread before it reports the storage down (default 5 s). */
  pingTimeoutMs?: number;
  /**
   * How often the checkpointer thread moves the write-ahead log into the database file (default
   * 100 ms); 0 leaves checkpoints to the writer's backstop (tests compare the two).
   */
  checkpointMs?: number;
  /** Lets `injectFault` simulate disk faults in the writer thread (tests only). */
  faults?: boolean;
}

export interface SqliteStorage extends Storage {
  /** The writer thread (supervision, and tests that stop it). */
  readonly writer: Worker;
  /** Simulates a disk fault in the writer thread, `null` ends it (only with `faults: true`). */
  injectFault(fault: Fault): void;
  /** The dashboard overview's figures in one grouped query (see `sqlite-overview.ts`). */
  overviewStats: ReturnType<typeof sqliteOverview>;
}

export function sqliteStorage(file: string, options: SqliteOptions = {}): SqliteStorage {
  // Migrate here first, synchronously, so the writer thread finds the schema ready.
  const db = openDatabase(file);
  const writes = writeChannel(file, options.maxBatch, options.faults);
  const checkpoints = checkpointer(file, options.checkpointMs ?? 100);
  const q = {
    getEvent: db.prepare('SELECT * FROM events WHERE id = ? AND visitor_id = ?'),
    listEvents: db.prepare('SELECT * FROM events ORDER BY rowid DESC LIMIT ?'),
    latestEventOf: db.prepare(
      'SELECT * FROM events WHERE visitor_id = ? ORDER BY received_at DESC, rowid DESC LIMIT 1',
    ),
    getVisitor: db.prepare('SELECT body FROM visitors WHERE id = ?'),
    getOrder: db.prepare('SELECT body FROM orders WHERE kind = ? AND order_id = ?'),
    stats: db.prepare(
      'SELECT destination, status, COUNT(*) AS count FROM outbox GROUP BY destination, status ORDER BY destination, status',
    ),
    getSettings: db.prepare('SELECT body FROM settings WHERE destination = ?'),
    listSettings: db.prepare('SELECT body FROM settings ORDER BY destination'),
    ping: db.prepare('SELECT 1'),
    sessionEpoch: db.prepare('SELECT epoch FROM session_epoch WHERE id = 1'),
    size: db.prepare(
      'SELECT (p.page_count - f.freelist_count) * s.page_size AS bytes FROM pragma_page_count() p, pragma_freelist_count() f, pragma_page_size() s',
    ),
  };
  let closed: Promise<void> | undefined;

  const pingTimeoutMs = options.pingTimeoutMs ?? 5_000;

  return {
    writer: writes.worker,
    injectFault: (fault) => writes.inject(fault),
    overviewStats: sqliteOverview(db),
    recordBeacon: (visitor, events) => writes.write<void>({ type: 'recordBeacon', visitor, events }),
    async getVisitor(id) {
      return bodyOf<Visitor>(q.getVisitor.get(id));
    },
    async getEvent(id, visitorId) {
      const row = q.getEvent.get(id, visitorId);
      return row ? rowToEvent(row as Row) : undefined;
    },
    async listEvents(limit = 100) {
      return q.listEvents.all(limit).map((r) => rowToEvent(r as Row));
    },
    async latestEventOf(visitorId) {
      const row = q.latestEventOf.get(visitorId);
      return row ? rowToEvent(row as Row) : undefined;
    },
    forgetBeaconIps: (before) => writes.write<number>({ type: 'forgetBeaconIps', before }),

    recordOrder: (order, outbox) =>
      writes.write<{ created: boolean; order: StoredOrder; outbox: OutboxRow[] }>({
        type: 'recordOrder',
        order,
        outbox,
      }),
    async getOrder(kind, orderId) {
      return bodyOf<StoredOrder>(q.getOrder.get(kind, orderId));
    },

    claimDue: (destination, now, leaseMs, limit) =>
      writes.write<Lease>({ type: 'claimDue', destination, now, leaseMs, limit }),
    settle: (rowId, token, settlement, now) =>
      writes.write<boolean>({ type: 'settle', rowId, token, settlement, now }),
    markSending: (rowIds, token, now) => writes.write<number[]>({ type: 'markSending', rowIds, token, now }),
    holdInterrupted: (destination, now, reason) =>
      writes.write<number>({ type: 'holdInterrupted', destination, now, reason }),
    replayUncertain: (now, filter = {}) =>
      writes.write<number>({
        type: 'replayUncertain',
        now,
        ...(filter.destination !== undefined && { destination: filter.destination }),
        ...(filter.eventIds !== undefined && { eventIds: filter.eventIds }),
      }),
    confirmUncertain: (now, destination, eventId, reason) =>
      writes.write<number>({ type: 'confirmUncertain', now, destination, eventId, reason }),
    replayDead: (now, destination) =>
      writes.write<number>({ type: 'replayDead', now, ...(destination !== undefined && { destination }) }),
    async listOutbox(query) {
      const filters = (
        [
          ['destination', query.destination],
          ['status', query.status],
          ['event_id', query.eventId],
        ] as Array<[string, unknown]>
      ).filter(([, value]) => value !== undefined);
      const where = filters.length ? `WHERE ${filters.map(([column]) => `${column} = ?`).join(' AND ')}` : '';
      return db
        .prepare(`SELECT * FROM outbox ${where} ORDER BY id DESC LIMIT ?`)
        .all(...filters.map(([, value]) => value), query.limit ?? 100)
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
    putSettings: (settings) => writes.write<void>({ type: 'putSettings', settings }),
    async listSettings() {
      return q.listSettings.all().map((r) => bodyOf<DestinationSettings>(r)!);
    },

    async sessionEpoch() {
      return (q.sessionEpoch.get() as { epoch: number } | undefined)?.epoch ?? 0;
    },
    endSessions: () => writes.write<number>({ type: 'endSessions' }),

    purgeEvents: (before) => writes.write<number>({ type: 'purgeEvents', before }),
    purgeVisitors: (before) => writes.write<number>({ type: 'purgeVisitors', before }),
    /** Pages in use (free pages are reused first, so a purge brings this down). */
    async sizeBytes() {
      const row = q.size.get() as { bytes: number };
      return row.bytes;
    },
    /**
     * Health goes through the writer: a dead or stuck writer thread means every write fails, even
     * though the main thread's read connection still answers.
     */
    async ping() {
      q.ping.get();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`SQLite writer did not answer within ${pingTimeoutMs} ms`)),
          pingTimeoutMs,
        );
      });
      try {
        await Promise.race([writes.write<void>({ type: 'ping' }), late]);
      } finally {
        clearTimeout(timer);
      }
    },
    close() {
      closed ??= checkpoints
        .close()
        .then(() => writes.close())
        .finally(() => db.close());
      return closed;
    },
  };
}

/** Starts the WAL checkpointer thread (`sqlite-checkpointer.ts`); `close` ends it. */
function checkpointer(file: string, intervalMs: number): { close(): Promise<void> } {
  if (intervalMs <= 0) return { close: async () => {} };
  const thread = startThread('sqlite-checkpointer', { file, intervalMs });
  thread.unref();
  const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
  // A checkpointer that died costs latency, not data: the writer's backstop checkpoint takes over.
  thread.on('error', () => {});
  return {
    close() {
      // Held referenced until it exits: otherwise a process with nothing else left to do would end
      // here, before the writer below is closed
      // (or while the thread is still inside SQLite: an abort in better-sqlite3).
      thread.ref();
      thread.postMessage('close');
      return exited;
    },
  };
}
