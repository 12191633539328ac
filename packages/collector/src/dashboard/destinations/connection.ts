/**
 * "Test connection": one request built by the destination itself, in the platform's dry-run or
 * test mode, sent through the injected `fetch` and read by the destination's own `classify`.
 * Where a platform has no such mode, nothing is sent: a real conversion would be counted.
 */
import type { Conversion } from '../../delivery/conversion.js';
import { redactSecrets } from '../../delivery/redact.js';
import { sendRequest, type Fetch } from '../../delivery/send.js';
import type { AnyDestination, Outcome } from '../../destinations/types.js';
import type { ConnectionResult } from '../ports.js';

export interface ConnectionCheck {
  destination: AnyDestination;
  /** The stored options, already validated by the destination's schema. */
  options: Record<string, unknown>;
  mapping: Record<string, string>;
  token: string;
  fetch: Fetch;
  now: number;
  /** The shop page the sample event claims to come from (default: a placeholder on example.com). */
  pageUrl?: string;
}

/** What the sample event's browser says it is: Meta refuses website events without a user agent. */
export const SAMPLE_USER_AGENT = 'Mozilla/5.0 (compatible; Tandem connection test)';
const SAMPLE_PAGE = 'https://www.example.com/tandem-connection-test';
/** A documentation address (RFC 5737): AdRoll requires an IP on every event. */
export const SAMPLE_IP = '192.0.2.1';
/** SHA-256 of `connection-test@example.com` (a documentation domain, RFC 2606). */
const SAMPLE_EMAIL_SHA256 = '90b1157a05401c9b0e05fee6d1e6580afd8cb5ca25911c5c7990a6932a695710';

/** How a destination can be tested without counting a conversion, read from its option keys. */
export function testMode(d: AnyDestination, options: Record<string, unknown>) {
  const keys = Object.keys((d.options as { shape?: Record<string, unknown> }).shape ?? {});
  if (keys.includes('dryRun')) return { mode: 'dry run', options: { ...options, dryRun: true } };
  if (typeof options.testEventCode === 'string' && options.testEventCode) {
    return { mode: `test event code ${options.testEventCode}`, options };
  }
  return undefined;
}

export async function testConnection(check: ConnectionCheck): Promise<ConnectionResult> {
  const { destination: d, token } = check;
  const mode = testMode(d, check.options);
  if (!mode) {
    return {
      ok: false,
      mode: 'not available',
      message:
        `${d.title} has no dry-run mode here, so nothing was sent` +
        (Object.keys((d.options as { shape?: object }).shape ?? {}).includes('testEventCode')
          ? '; set a test event code to send a test event.'
          : '; a refused token pauses the destination on its first delivery.'),
    };
  }
  const secrets = [token, ...(d.tokenParts?.(token) ?? [])];
  const redact = (text: string) => redactSecrets(text, secrets);
  const sample = sampleConversion(d, check);
  // The destination's own last look first: a sample it would not send proves nothing about the token.
  const verdict = d.check?.(sample, mode.options, { now: check.now });
  if (verdict?.kind === 'permanent') {
    return { ok: false, mode: mode.mode, message: `the test event is not valid: ${verdict.reason}` };
  }
  try {
    const auth = d.authorize
      ? await d.authorize(mode.options, token, { fetch: check.fetch, now: check.now, timeoutMs: 10_000 })
      : { token };
    if (!('kind' in auth)) secrets.push(auth.token, ...auth.token.split(' '));
    const outcome = 'kind' in auth ? auth : await send(d, sample, mode.options, auth.token, check);
    const message =
      outcome.kind === 'delivered'
        ? `${d.title} accepted the test request.`
        : outcome.kind === 'paused'
          ? `${d.title} refused the token: ${outcome.reason}.`
          : outcome.kind === 'permanent'
            ? `${d.title} refused the test request: ${outcome.reason}.`
            : `${d.title} could not be reached: ${outcome.reason}.`;
    return { ok: outcome.kind === 'delivered', mode: mode.mode, message: redact(message) };
  } catch (error) {
    return { ok: false, mode: mode.mode, message: redact(`the request failed: ${(error as Error).message}`) };
  }
}

async function send(
  d: AnyDestination,
  sample: Conversion,
  options: Record<string, unknown>,
  token: string,
  check: ConnectionCheck,
): Promise<Outcome> {
  const request = await d.buildRequest([sample], options, token);
  const response = await sendRequest(check.fetch, request, 10_000, () => check.now);
  if (!('status' in response)) return response;
  const outcome = d.classify(response);
  // A platform that answers row by row (Google's partial failures) refuses the sample in its row.
  const row = outcome.kind === 'delivered' ? d.rowOutcomes?.(response, 1)[0] : undefined;
  return row ?? outcome;
}

function sampleConversion(d: AnyDestination, check: ConnectionCheck): Conversion {
  return {
    eventId: `tandem-test-${check.now}`,
    shopEvent: 'purchase',
    platformEvent: check.mapping.purchase ?? d.platformEvents[0] ?? 'purchase',
    time: check.now,
    orderId: `tandem-connection-test-${check.now}`,
    value: 0,
    currency: 'EUR',
    lines: [{ productId: 'tandem-test', quantity: 1, price: 0, searchLogId: 'tandem-test' }],
    // A website event as Meta requires one: the page it happened on and the browser's user agent.
    pageUrl: check.pageUrl ?? SAMPLE_PAGE,
    userAgent: SAMPLE_USER_AGENT,
    ip: SAMPLE_IP,
    // Google Ads sends only conversions with a click ID or customer data: a hashed example address.
    user: { em: SAMPLE_EMAIL_SHA256 },
    ids: {},
    consent: { ads: true },
  };
}
