/**
 * The history of the requests sent for each outbox row: what went out and what came back, for the
 * dashboard's detail page. The engine redacts every field before it gets here
 * (`delivery/attempt.ts`); every storage bounds it the same way with the rules below.
 */
import { truncateIp } from '../privacy/ip.js';

/** Request bodies longer than this are stored cut, with `…` at the end. */
export const MAX_ATTEMPT_BODY_CHARS = 8_000;
/** The platform's answer is kept as an excerpt of at most this many characters. */
export const MAX_ATTEMPT_RESPONSE_CHARS = 1_000;
/** A URL or network error longer than this is stored cut. */
export const MAX_ATTEMPT_LINE_CHARS = 500;
/** Attempts kept per outbox row; older ones are deleted as newer ones are recorded. */
export const MAX_ATTEMPTS_PER_ROW = 20;

/** One request as sent and its answer. */
export interface AttemptRecord {
  /** When the answer (or the failure) came, epoch ms. */
  at: number;
  /** The URL the request went to, redacted. */
  url: string;
  /**
   * The request body as sent, redacted: the row's own event as the request carried it (a request
   * of several events is stored per row, each with its own event).
   */
  body: string;
  /** How many events the request carried. */
  batchSize: number;
  /** The platform's HTTP status; absent when no answer came. */
  status?: number;
  /** Why no answer came (network error, timeout). */
  error?: string;
  /** An excerpt of the platform's answer, redacted ('' when it was empty). */
  response: string;
}

/** A stored attempt: its row, and its number among the row's attempts (1 for the first). */
export interface Attempt extends AttemptRecord {
  rowId: number;
  destination: string;
  eventId: string;
  n: number;
}

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/** The record with every text field within its bound. */
export function boundedAttempt(a: AttemptRecord): AttemptRecord {
  return {
    at: a.at,
    url: cut(a.url, MAX_ATTEMPT_LINE_CHARS),
    body: cut(a.body, MAX_ATTEMPT_BODY_CHARS),
    batchSize: a.batchSize,
    ...(a.status !== undefined && { status: a.status }),
    ...(a.error !== undefined && { error: cut(a.error, MAX_ATTEMPT_LINE_CHARS) }),
    response: cut(a.response, MAX_ATTEMPT_RESPONSE_CHARS),
  };
}

/**
 * `text` with the payload's full client IP (as a JSON string) cut to its truncated form, or
 * undefined when there is nothing to cut: the IP policy of `outbox-rules.ts` applied to the
 * request bodies and answers stored for the row, when its payload is scrubbed.
 */
export function scrubbedAttemptText(text: string, payload: unknown): string | undefined {
  const ip = (payload as { ip?: unknown } | null)?.ip;
  if (typeof ip !== 'string' || ip === '') return undefined;
  const truncated = truncateIp(ip);
  if (truncated === ip) return undefined;
  const quoted = JSON.stringify(ip);
  if (!text.includes(quoted)) return undefined;
  return text.split(quoted).join(JSON.stringify(truncated ?? ''));
}
