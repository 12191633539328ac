/**
 * The destination interface: everything the delivery engine and the planner need to know about one
 * ad platform, in one object. The engine never branches on a destination's name, so adding one
 * (TikTok, GA4) is one new file plus its line in `registry.ts`.
 */
import type { z } from 'zod';
import type { Conversion } from '../delivery/conversion.js';
import type { RetryPolicy } from '../delivery/backoff.js';
import type { ContextNeeds } from '../delivery/late-context.js';
import type { Fetch } from '../delivery/send.js';

/** A request the engine sends through its injected `fetch`. */
export interface PlatformRequest {
  url: string;
  method: 'POST';
  headers: Record<string, string>;
  /** Serialized JSON. */
  body: string;
}

/** What came back: the engine reads the body once and hands this to `classify`. */
export interface PlatformResponse {
  status: number;
  headers: Headers;
  /** Parsed JSON when the body was JSON, else the raw text ('' when empty). */
  body: unknown;
  /** Epoch ms when the response arrived (for `Retry-After` dates). */
  receivedAt: number;
}

/**
 * The outcome of one send (for every event in the request), decided in one place per destination.
 * `after` is the platform's `Retry-After` in ms, when it gave one.
 */
export type Outcome =
  | { kind: 'delivered' }
  /** `maybeSent`: the request may have reached the platform (no answer, connection cut). */
  | { kind: 'retry'; reason: string; after?: number; maybeSent?: boolean }
  | { kind: 'permanent'; reason: string }
  | { kind: 'paused'; reason: string };

/** Decision for one conversion just before it is sent (see `Destination.check`). */
export type SendCheck =
  | { kind: 'send' }
  /** Settle without sending: the browser pixel already delivered it. */
  | { kind: 'delivered-by-pixel' }
  | { kind: 'permanent'; reason: string };

/** The planner's decision for one conversion, after the common rules (enabled, consent, mapping). */
export type PlanDecision = { kind: 'pending'; delayMs?: number } | { kind: 'skipped'; reason: string };

export interface SendContext {
  now: number;
  /** The latest pixel status of the purchase beacon, when `needsBeacon` asked the engine for it. */
  pixels?: Conversion['pixels'];
  /** The same beacon's names for the event per pixel (`Conversion.sentAs`). */
  sentAs?: Conversion['sentAs'];
}

/** What `authorize` may use: the engine's `fetch`, clock and request timeout. */
export interface AuthorizeContext {
  fetch: Fetch;
  now: number;
  timeoutMs: number;
}

/** A row's own outcome inside a request the platform accepted as a whole. */
export type RowOutcome = Exclude<Outcome, { kind: 'paused' }>;

export interface Destination<Options = Record<string, unknown>> {
  name: string;
  /** Human name for the dashboard and the CLI. */
  title: string;
  /** Most events one request may carry (1: no batching). */
  batchLimit: number;
  /** Validates the destination's options (IDs, base URL, modes); defaults fill what is missing. */
  options: z.ZodType<Options, Record<string, unknown>>;
  /** Platform event names the mapping may point to. */
  platformEvents: readonly string[];
  /** Platform events that count revenue: a refund may never be mapped to one. */
  purchaseEvents?: readonly string[];
  /** Mapping a newly configured destination starts with. */
  defaultMapping: Record<string, string>;
  /** Whether the platform needs a server token (all of today's do). */
  needsToken: boolean;
  /**
   * Whether the platform absorbs a resend of an event it already counted (Meta by `event_id`,
   * Neuroon by `orderId`). When false (AdRoll documents no dedup key) the engine marks rows
   * `sending` before each request, and a send whose outcome is unknown (crash, lease expiry, no
   * answer) is held as `uncertain` for the operator instead of being sent again.
   */
  resendSafe: boolean;
  /** Retry timing and give-up rule; see `delivery/backoff.ts`. */
  retry: RetryPolicy;
  /** Page context (page URL, IP, user agent) the platform requires of every event, and how long to wait for it. */
  context?(options: Options): ContextNeeds;
  /** Whether the engine should read the purchase beacon's pixel status just before sending. */
  needsBeacon?(options: Options): boolean;
  /** Destination-specific eligibility when the outbox row is created. */
  plan(conversion: Conversion, options: Options, now: number): PlanDecision;
  /** Last look before sending: too old, invalid, or already delivered by the pixel. */
  check?(conversion: Conversion, options: Options, ctx: SendContext): SendCheck;
  /** Pure (async only for WebCrypto hashing): the whole HTTP request for a batch of conversions (at most `batchLimit`). */
  buildRequest(conversions: Conversion[], options: Options, token: string): Promise<PlatformRequest>;
  /** Pure: what the response means for every conversion in the request. */
  classify(response: PlatformResponse): Outcome;
  /**
   * When the stored token is a long-lived credential (Google's OAuth refresh token): the
   * short-lived token `buildRequest` gets, or the outcome of a failed exchange.
   */
  authorize?(options: Options, token: string, ctx: AuthorizeContext): Promise<{ token: string } | Outcome>;
  /**
   * Per conversion, in request order, when `classify` said delivered: a platform that reports
   * failures row by row (Google's partial failures) settles each row on its own.
   */
  rowOutcomes?(response: PlatformResponse, count: number): RowOutcome[];
  /** What to paste as the token, when it is more than the platform's one secret. */
  tokenHelp?: string;
  /** Why a token cannot be stored (a composite token with a missing part), or undefined. */
  tokenProblem?(token: string): string | undefined;
  /** The parts of a composite token, each redacted wherever it appears (the whole one always is). */
  tokenParts?(token: string): string[];
  /** What the operator should change soon (an API version near its end), shown by the dashboard and `tandem check`. */
  warnings?(options: Options, now: number): string[];
  /** Requests per minute and parallel requests, unless the options override them. */
  limits(options: Options): { perMinute: number; concurrency: number };
}

/** The engine and planner see destinations without their option types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDestination = Destination<any>;
