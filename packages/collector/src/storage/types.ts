/**
 * The storage ports, one per role, and `Storage`, all of them together. The core talks only to
 * these interfaces; implementations live beside them (in-memory for unit tests) and in the Node
 * adapter (SQLite, Postgres). Every implementation passes the contract suites (`contract.ts`).
 *
 * Every method that writes resolves only once the write is durable: a route may acknowledge as
 * soon as the promise resolves.
 */
import type {
  BeaconEvent,
  ClickIds,
  Consent,
  HashedUser,
  PixelEvents,
  Pixels,
  SearchClicks,
} from '@tandem/protocol';
import type { Attempt, AttemptRecord } from './attempts.js';
import type { OverviewStats } from './read-model.js';

export type { Attempt, AttemptRecord } from './attempts.js';
export type { OverviewStats } from './read-model.js';

/** What Tandem knows about one browser, keyed by the visitor ID cookie. */
export interface Visitor {
  id: string;
  firstSeen: number;
  lastSeen: number;
  /** Each click ID with when it was first and last seen (epoch ms). */
  clickIds: Partial<Record<keyof ClickIds, { value: string; firstSeen: number; lastSeen: number }>>;
  /** Neuroon search clicks, productId -> searchLogId, most recent first, bounded. */
  search: SearchClicks;
  consent: Consent;
  user: HashedUser;
}

/** What one beacon teaches about its visitor; merged into the stored visitor. */
export interface VisitorUpdate {
  id: string;
  seenAt: number;
  ids?: ClickIds;
  search?: SearchClicks;
  consent: Consent;
  user?: HashedUser;
}

export interface StoredEvent {
  /** Event ID shared with the pixels. */
  id: string;
  name: string;
  visitorId: string;
  /** Server receive time, epoch ms. */
  receivedAt: number;
  url: string;
  props: BeaconEvent['props'];
  pixels: Pixels | undefined;
  /** What each pixel was given this shop event as (`BeaconEvent.sentAs`); absent: its own name. */
  sentAs?: PixelEvents;
  consent: Consent;
  ids: ClickIds | undefined;
  /** The browser's user agent, for a conversion confirmed without one (late context). */
  userAgent?: string;
  /** The client IP truncated (/24, /48): what analytics and the dashboard see. */
  ip?: string;
  /**
   * The full client IP, for a conversion confirmed without one; dropped after a day by
   * `forgetBeaconIps` and when the conversion with this event's ID is settled everywhere.
   */
  fullIp?: string;
}

export interface OrderLine {
  productId: string;
  quantity: number;
  price: number;
  category?: string;
}

/**
 * The customer data of an order, each value a SHA-256 hex digest of Meta's normalized form (see
 * privacy/): email and phone as the tag's identify sends them, plus what the shop's backend knows.
 */
/** `gem`/`gph`: Google's digests (`gem` only when Google's email rule changes the address). */
export type OrderUser = HashedUser &
  Partial<Record<'fn' | 'ln' | 'ct' | 'st' | 'zp' | 'country' | 'db' | 'ge' | 'gem' | 'gph', string>>;

/**
 * A purchase or refund confirmed by the shop's backend (or, when allowed, by a beacon), or a
 * server-side event (`lead`, `sign_up`, ...) with the shop's own ID in `orderId`.
 */
export interface StoredOrder {
  orderId: string;
  /** A shop event name (`events/names.ts`). */
  kind: string;
  /** The shared event ID (order-derived unless the shop passed one). */
  eventId: string;
  /** Always set for orders and refunds; a server-side event may have none. */
  value?: number;
  currency?: string;
  lines: OrderLine[];
  /** Hashed before it reaches storage. */
  user: OrderUser;
  /** Truncated (/24, /48) before it reaches storage. */
  ip?: string;
  userAgent?: string;
  pageUrl?: string;
  visitorId?: string;
  consent: Consent;
  source: 'server' | 'beacon';
  confirmedAt: number;
}

/**
 * `sending`: a destination that cannot absorb a resend (AdRoll) had the row's request go out, or
 * about to, under the lease; `uncertain`: such a send was interrupted (crash, lease expiry, no
 * answer) and the platform may or may not have counted it, so it is held for the operator.
 */
export type OutboxStatus = 'pending' | 'sending' | 'delivered' | 'skipped' | 'dead' | 'uncertain';

/** One (destination, event): the unit the delivery engine claims, sends and settles. */
export interface OutboxRow {
  id: number;
  destination: string;
  eventId: string;
  /** Snapshot the destination maps from (built when the row is created; see delivery/). */
  payload: unknown;
  status: OutboxStatus;
  /** Why it was skipped, or why it died, or the last retryable error. */
  reason?: string;
  /** How it reached the platform when delivered: `server`, or `pixel` when the pixel did it. */
  via?: 'server' | 'pixel';
  attempts: number;
  createdAt: number;
  nextAttemptAt: number;
  deliveredAt?: number;
}

export interface NewOutboxRow {
  destination: string;
  eventId: string;
  payload: unknown;
  /** `pending` rows get delivered; `skipped` rows are kept with their reason for the record. */
  status: 'pending' | 'skipped';
  reason?: string;
  nextAttemptAt: number;
}

/** A claim on due rows: only its holder may settle them, and only while the lease holds. */
export interface Lease {
  token: string;
  until: number;
  rows: OutboxRow[];
}

export type Settlement =
  | { status: 'delivered'; via: 'server' | 'pixel' }
  | { status: 'retry'; nextAttemptAt: number; reason: string }
  | { status: 'dead' | 'skipped'; reason: string }
  /** Sent, but whether the platform counted it is unknown (no answer): held, never resent by itself. */
  | { status: 'uncertain'; reason: string }
  /** Put back without counting an attempt (destination paused, or rate-limited locally). */
  | { status: 'release'; nextAttemptAt: number; reason?: string };

/** Settings per destination as the marketer keeps them. The token is stored encrypted. */
export interface DestinationSettings {
  destination: string;
  enabled: boolean;
  /** AES-256-GCM ciphertext envelope (see delivery/secrets), never the token itself. */
  tokenCiphertext?: string;
  /** Shop event -> platform event. Unmapped events are not sent. */
  mapping: Record<string, string>;
  /** Destination-specific options (IDs, modes, windows), validated by the destination. */
  options: Record<string, unknown>;
  /** Set when the platform refused the token (401/403); cleared when the token changes. */
  pausedReason?: string;
  updatedAt: number;
}

export interface OutboxQuery {
  destination?: string;
  status?: OutboxStatus;
  eventId?: string;
  limit?: number;
}

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
