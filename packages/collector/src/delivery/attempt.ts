/**
 * The attempt records of one request (`storage/attempts.ts`): for each row, its event as the
 * request carried it, and what the platform answered. Everything is redacted with the
 * destination's token before it is stored, logged or shown (`redact.ts`).
 *
 * A request of several events is recorded per row with that row's event alone, built by the same
 * `buildRequest` with the same options and token as the request that went out, so the detail page
 * of one conversion never shows other customers' data. The customer's full IP is cut to its
 * truncated form, as everywhere outside the outbox rows that may still send it (DELIVERY.md).
 */
import { excerpt } from '../destinations/http.js';
import type { AnyDestination, PlatformRequest, PlatformResponse } from '../destinations/types.js';
import { MAX_ATTEMPT_RESPONSE_CHARS, scrubbedAttemptText, type AttemptRecord } from '../storage/attempts.js';
import type { Conversion } from './conversion.js';
import { redactSecrets, redactSentRequest } from './redact.js';

/** One request and what came of it: an answer, or why none came. */
export interface Exchange {
  request: PlatformRequest;
  answer: PlatformResponse | { reason: string };
  /** When the answer (or the failure) came, epoch ms. */
  at: number;
}

/**
 * Each conversion's part of a request of `conversions` (the request's own body when it carries
 * one). Start it before the request goes out: it overlaps with the wait for the answer.
 */
export async function bodiesOf(
  d: AnyDestination,
  options: unknown,
  token: string,
  conversions: Conversion[],
  request: PlatformRequest,
): Promise<string[]> {
  if (conversions.length === 1) return [request.body];
  return Promise.all(
    conversions.map((c) =>
      d.buildRequest([c], options, token).then(
        (own) => own.body,
        () => request.body,
      ),
    ),
  );
}

/**
 * The records of an exchange, one per conversion (`bodies[i]` is `conversions[i]`'s part), redacted
 * with the destination's `secrets` (its token, the token's parts, an access token it was exchanged for).
 */
export function attemptRecords(
  exchange: Exchange,
  conversions: Conversion[],
  bodies: string[],
  tokens: string[],
): AttemptRecord[] {
  const secrets = tokens.filter(Boolean);
  const { answer } = exchange;
  const outcome =
    'status' in answer
      ? {
          status: answer.status,
          response: excerpt(redactSecrets(textOf(answer.body), secrets), MAX_ATTEMPT_RESPONSE_CHARS),
        }
      : { error: redactSecrets(answer.reason, secrets), response: '' };
  const cutIp = (text: string, c: Conversion | undefined) => scrubbedAttemptText(text, c) ?? text;
  return bodies.map((body, i) => ({
    at: exchange.at,
    url: redactSentRequest(exchange.request.url, secrets),
    body: cutIp(redactSentRequest(body, secrets), conversions[i]),
    batchSize: bodies.length,
    ...outcome,
    response: cutIp(outcome.response, conversions[i]),
  }));
}

const textOf = (body: unknown) => (typeof body === 'string' ? body : JSON.stringify(body ?? ''));
