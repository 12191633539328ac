/**
 * What the Google Ads API's answers mean (docs/platforms.md). Errors name themselves in
 * `errorCode` (`{conversionUploadError: "TOO_RECENT_EVENT"}`); Tandem branches on those codes, never
 * on message text. With `partialFailure` the request answers 200 and each refused row is one error
 * in `partialFailureError`, located by `fieldPathElements[0] = {fieldName: "conversions", index}`.
 */
import { forgetGoogleAccessTokens } from './google-oauth.js';
import { classifyStatus, excerpt } from './http.js';
import type { Outcome, PlatformResponse, RowOutcome } from './types.js';

interface GoogleAdsError {
  errorCode?: Record<string, unknown>;
  message?: unknown;
  location?: { fieldPathElements?: Array<{ fieldName?: unknown; index?: unknown }> };
}

interface Status {
  code?: unknown;
  message?: unknown;
  status?: unknown;
  details?: Array<{ errors?: GoogleAdsError[] }>;
}

/** Google already counts the conversion (same order ID, or same click and time, on this action). */
const ALREADY_COUNTED = new Set([
  'ORDER_ID_ALREADY_IN_USE',
  'DUPLICATE_ORDER_ID',
  'CLICK_CONVERSION_ALREADY_EXISTS',
  'DUPLICATE_CLICK_CONVERSION_IN_REQUEST',
]);
/** Refusals that go away by waiting: a click or a conversion action younger than Google accepts. */
const LATER = new Set(['TOO_RECENT_EVENT', 'TOO_RECENT_CONVERSION_ACTION']);
/** Error families that are Google's trouble, not the row's. */
const TRANSIENT_FAMILIES = new Set(['internalError', 'quotaError', 'databaseError']);

const codeOf = (e: GoogleAdsError): [string, string] => {
  const [family, value] = Object.entries(e.errorCode ?? {})[0] ?? ['unknown', 'UNKNOWN'];
  return [family, String(value)];
};

const describe = (e: GoogleAdsError): string => {
  const [family, value] = codeOf(e);
  return `${family} ${value}${typeof e.message === 'string' ? `: ${excerpt(e.message, 160)}` : ''}`;
};

function errorsOf(status: Status | undefined): GoogleAdsError[] {
  return (status?.details ?? []).flatMap((d) => (Array.isArray(d.errors) ? d.errors : []));
}

function rowOutcome(errors: GoogleAdsError[]): RowOutcome {
  const codes = errors.map(codeOf);
  if (codes.every(([, value]) => ALREADY_COUNTED.has(value))) return { kind: 'delivered' };
  const reason = `Google Ads refused the conversion: ${errors.map(describe).join('; ')}`;
  const transient = codes.every(
    ([family, value]) => LATER.has(value) || TRANSIENT_FAMILIES.has(family) || ALREADY_COUNTED.has(value),
  );
  return transient ? { kind: 'retry', reason } : { kind: 'permanent', reason };
}

/** One outcome per conversion of the request, from the 200 answer's `partialFailureError`. */
export function googleRowOutcomes(response: PlatformResponse, count: number): RowOutcome[] {
  const body = response.body as { partialFailureError?: Status } | undefined;
  const byRow = new Map<number, GoogleAdsError[]>();
  for (const error of errorsOf(body?.partialFailureError)) {
    const first = error.location?.fieldPathElements?.[0];
    if (first?.fieldName !== 'conversions' || typeof first.index !== 'number') continue;
    byRow.set(first.index, [...(byRow.get(first.index) ?? []), error]);
  }
  return Array.from({ length: count }, (_, i): RowOutcome => {
    const errors = byRow.get(i);
    return errors ? rowOutcome(errors) : { kind: 'delivered' };
  });
}

/** The whole request's outcome: a 200 is settled row by row (`googleRowOutcomes`). */
export function classifyGoogleAds(response: PlatformResponse): Outcome {
  if (response.status >= 200 && response.status < 300) return { kind: 'delivered' };
  const error = (response.body as { error?: Status } | undefined)?.error;
  const errors = errorsOf(error);
  const detail = errors.length
    ? errors.map(describe).join('; ')
    : `${typeof error?.status === 'string' ? error.status : ''} ${excerpt(error?.message ?? response.body)}`.trim();
  const authentication = errors.map(codeOf).filter(([family]) => family === 'authenticationError');
  if (response.status === 401 && authentication.every(([, v]) => /^OAUTH_TOKEN_/.test(v))) {
    // The access token expired or was revoked early: the next send refreshes it.
    forgetGoogleAccessTokens();
    return { kind: 'retry', reason: `access token refused (HTTP 401: ${detail})` };
  }
  if (response.status === 401 || response.status === 403)
    return { kind: 'paused', reason: `credentials refused (HTTP ${response.status}: ${detail})` };
  return classifyStatus(response, detail);
}
