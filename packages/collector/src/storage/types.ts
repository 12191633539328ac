/**
 * The storage ports, one per role, and `Storage`, all of them together; the records they carry
 * are in `records.ts`. The core talks only to these interfaces; implementations live beside them
 * (in-memory for unit tests) and in the Node adapter (SQLite, Postgres). Every implementation passes the contract suites (`contract.ts`).
 *
 * Every method that writes resolves only once the write is durable: a route may acknowledge as
 * soon as the promise resolves.
 */
import type { Attempt, AttemptRecord } from './attempts.js';
import type { OverviewStats } from './read-model.js';
import type {
  Visitor,
  VisitorUpdate,
  StoredEvent,
  StoredOrder,
  OutboxStatus,
  OutboxRow,
  NewOutboxRow,
  Lease,
  Settlement,
  DestinationSettings,
  OutboxQuery,
} from './records.js';

export type { Attempt, AttemptRecord } from './attempts.js';
export type { OverviewStats } from './read-model.js';
/** The records the ports carry, for every module that imports the ports. */
export type * from './records.js';

/** Beacons and the visitors they describe: the ingest path's writes and the join's reads. */
export interface BeaconStore {
  /**
   * Records a beacon's events and merges what it says about its visitor (see `visitor-merge.ts`),
   * in one transaction. An event is kept once per (event ID, visitor): a visitor's repeat of an ID
   * it already sent is ignored, while the same ID from another visitor is kept beside it. Anyone
   * can post a beacon with a guessable purchase's event ID, so a first-come rule would let a
   * stranger's beacon hide the customer's own.
   */
  recordBeacon(visitor: VisitorUpdate, events: StoredEvent[]): Promise<void>;
  getVisitor(id: string): Promise<Visitor | undefined>;
  /** The event with this ID as `visitorId` sent it (never another visitor's with the same ID). */
  getEvent(id: string, visitorId: string): Promise<StoredEvent | undefined>;
  /** Newest first, at most `limit` (default 100). */
  listEvents(limit?: number): Promise<StoredEvent[]>;
  /** The newest event of one visitor (late context for its conversions). */
  latestEventOf(visitorId: string): Promise<StoredEvent | undefined>;
  /** Drops the full IP of events received before `before` (the truncated one stays); returns how many. */
  forgetBeaconIps(before: number): Promise<number>;
  /** Deletes raw events received before `before`; returns how many. */
  purgeEvents(before: number): Promise<number>;
  /**
   * Deletes visitors last seen before `before` that no stored event or order refers to; returns
   * how many. Their cookies have expired by then, so no browser can bring them back.
   */
  purgeVisitors(before: number): Promise<number>;
}

/** Confirmed orders; recording one creates its outbox rows in the same transaction. */
export interface OrderStore {
  /**
   * Records an order and its outbox rows in one transaction, idempotent by (kind, orderId): a
   * second call changes nothing and returns the first order and its rows with `created: false`.
   * A row whose (destination, eventId) already exists is not created twice. The rows returned are
   * those of the order's event ID, oldest first.
   *
   * An event ID belongs to one order: when another (kind, orderId) already holds `order.eventId`,
   * nothing is written and the answer is `created: false, conflict: 'event_id'` with the holder
   * as `order` and the holder's rows as `outbox`.
   */
  recordOrder(
    order: StoredOrder,
    outbox: NewOutboxRow[],
  ): Promise<{ created: boolean; order: StoredOrder; outbox: OutboxRow[]; conflict?: 'event_id' }>;
  getOrder(kind: StoredOrder['kind'], orderId: string): Promise<StoredOrder | undefined>;
}

/** The delivery queue: leases, settlements, the sending mark and the operator's replays. */
export interface OutboxStore {
  /** Claims up to `limit` pending rows due at `now` for `destination`, leased until `now + leaseMs`. */
  claimDue(destination: string, now: number, leaseMs: number, limit: number): Promise<Lease>;
  /**
   * Settles a claimed row. Returns false (and changes nothing) when the lease is no longer held or
   * the row is already delivered: a row the platform acknowledged is never sent again.
   * "Held" means the token is still the row's: once its lease expires another claim may take the
   * row, and from then on only the new token settles it. Settling releases the lease. Once no row
   * of the event is left pending, sending or uncertain, every row's payload `ip` is cut to its
   * truncated form and the event's own beacon forgets its full IP (see `outbox-rules.ts`). `attempts`
   * grows by one for `retry`, `dead`, `uncertain` and `delivered` via `server`; not for `release`
   * or `skipped`. A row may be settled while `pending` or `sending`.
   *
   * `attempt`, the request that led to the settlement and its answer, is recorded in the same
   * transaction (see `AttemptStore`), even when the lease was lost: the request did go out.
   */
  settle(
    rowId: number,
    leaseToken: string,
    settlement: Settlement,
    now: number,
    attempt?: AttemptRecord,
  ): Promise<boolean>;
  /**
   * Marks claimed rows as being sent, in one durable write, before their request goes out (for a
   * destination that cannot absorb a resend). Only rows whose lease `leaseToken` still holds and
   * has not expired at `now` are marked (again, if already `sending`); returns their IDs. A
   * `sending` row is never claimed again: it is settled by its lease's holder, or held as
   * `uncertain` by `holdInterrupted`.
   */
  markSending(rowIds: number[], leaseToken: string, now: number): Promise<number[]>;
  /**
   * `sending` rows of `destination` whose lease expired before `now` (the process died, or never
   * settled) become `uncertain` with `reason`, their lease released, the attempt counted. Returns
   * how many.
   */
  holdInterrupted(destination: string, now: number, reason: string): Promise<number>;
  /**
   * Dead rows of a destination (or all) back to pending, due at `now`, with `attempts` reset to 0
   * (the reason is kept until the next settlement). Returns how many.
   */
  replayDead(now: number, destination?: string): Promise<number>;
  /**
   * Uncertain rows back to pending, as `replayDead` does, for the operator who checked the
   * platform's report: all of them, of one destination, and/or only those of `eventIds`.
   */
  replayUncertain(now: number, filter?: { destination?: string; eventIds?: string[] }): Promise<number>;
  /**
   * The uncertain row of (`destination`, `eventId`) becomes delivered by the server at `now`, with
   * `reason` as the note: the operator found the conversion in the platform's report. Returns how
   * many rows changed (0 or 1).
   */
  confirmUncertain(now: number, destination: string, eventId: string, reason: string): Promise<number>;
  /** Newest first (highest id), at most `limit` (default 100). */
  listOutbox(query: OutboxQuery): Promise<OutboxRow[]>;
  /** Counts per destination and status, sorted by destination then status. */
  outboxStats(): Promise<Array<{ destination: string; status: OutboxStatus; count: number }>>;
}

/**
 * Each outbox row's sent requests and their answers (`attempts.ts`): at most
 * `MAX_ATTEMPTS_PER_ROW` per row, each field cut to its bound. When a row's payload is scrubbed
 * (the IP policy of `settle`), its attempts' full client IP is cut the same way.
 */
export interface AttemptStore {
  /**
   * Records attempts no settlement follows (a request refused whole, whose events are then sent
   * again in halves). An attempt of a row that does not exist is dropped.
   */
  recordAttempts(attempts: Array<AttemptRecord & { rowId: number }>): Promise<void>;
  /** The row's attempts, newest first. */
  listAttempts(rowId: number): Promise<Attempt[]>;
  /** Deletes attempts made before `before` (retention, with raw events); returns how many. */
  purgeAttempts(before: number): Promise<number>;
}

/** Settings per destination, as the marketer keeps them. */
export interface SettingsStore {
  getSettings(destination: string): Promise<DestinationSettings | undefined>;
  putSettings(settings: DestinationSettings): Promise<void>;
  /** Sorted by destination. */
  listSettings(): Promise<DestinationSettings[]>;
}

/** The dashboard's admin sessions: one epoch, moved on to end them all. */
export interface SessionStore {
  /**
   * The dashboard's session epoch (0 until sessions were first ended): a session cookie is valid
   * only in the epoch it was issued in.
   */
  sessionEpoch(): Promise<number>;
  /** Ends every dashboard session at once (log out): moves to the next epoch and returns it. */
  endSessions(): Promise<number>;
}

/** What the dashboard reads in aggregate, computed by the storage (see `read-model.ts`). */
export interface DashboardReadModel {
  /**
   * The overview's figures for the `days` UTC days ending with `now`'s: exactly what
   * `dashboard/charts/stats.ts` computes from a scan of every outbox row and event of the window.
   */
  overviewStats(days: number, now: number): Promise<OverviewStats>;
}

/** Health and shutdown. */
export interface StoreLifecycle {
  /** Round trip for health checks, through the path writes take: it fails when writes would. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** Bytes the stored data takes (for the storage budget); undefined when the store cannot tell. */
  sizeBytes?(): Promise<number>;
}

/**
 * Everything a collector needs from one engine. Each port has its own contract suite
 * (`contract-*.ts`), so an engine can be built and tested one port at a time.
 */
export type Storage = BeaconStore &
  OrderStore &
  OutboxStore &
  AttemptStore &
  SettingsStore &
  SessionStore &
  DashboardReadModel &
  StoreLifecycle;
