/**
 * The records the storage ports read and write (`types.ts`): visitors and their beacons' events,
 * orders, outbox rows and their settlements, and each destination's settings.
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
