/**
 * Google Ads click conversions (docs/platforms.md): `POST <base>/<version>/customers/<cid>:uploadClickConversions`
 * with an OAuth access token (`google-oauth.ts`), the `developer-token` header and
 * `{conversions, partialFailure: true, validateOnly?}`; at most 2,000 conversions a request.
 *
 * Attribution-aware by nature: a conversion is sent only with a Google click ID (`gclid`, else
 * `gbraid`, else `wbraid`) or, with enhanced conversions on, a hashed email or phone; others are
 * skipped with that reason. `orderId` makes a resend harmless: Google counts an order ID once per
 * conversion action. Refused rows come back one by one (`google-ads-errors.ts`).
 */
import { z } from 'zod';
import type { Conversion } from '../delivery/conversion.js';
import { classifyGoogleAds, googleRowOutcomes } from './google-ads-errors.js';
import {
  GOOGLE_TOKEN_FORMAT,
  googleAccessToken,
  googleTokenProblem,
  parseGoogleToken,
} from './google-oauth.js';
import { baseUrl, limitFields } from './options.js';
import type { Destination, SendCheck } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** The Ads API's current version when this was written; a setting, as Google sunsets versions yearly. */
export const GOOGLE_ADS_API_VERSION = 'v26';

/** `123-456-7890` or `1234567890` -> `1234567890`. */
const customerId = (what: string) =>
  z
    .string()
    .transform((v) => v.replace(/-/g, '').trim())
    .pipe(z.string().regex(/^\d{10}$/, `${what}: 10 digits, dashes allowed`));

export const GoogleAdsOptions = z
  .object({
    /** The Google Ads account the conversions belong to. */
    customerId: customerId('the Google Ads customer ID'),
    /** The numeric ID of the conversion action (type "Import", source "clicks"). */
    conversionActionId: z.string().regex(/^\d{1,20}$/, "the conversion action's numeric ID"),
    /** The manager account, when access goes through one (`login-customer-id`). */
    loginCustomerId: customerId('the manager customer ID').optional(),
    /** The OAuth client ID the refresh token was issued to (not a secret). */
    clientId: z.string().min(1).max(200),
    baseUrl: baseUrl('https://googleads.googleapis.com'),
    tokenUrl: baseUrl('https://oauth2.googleapis.com/token'),
    apiVersion: z
      .string()
      .regex(/^v\d+$/, `an Ads API version such as ${GOOGLE_ADS_API_VERSION}`)
      .default(GOOGLE_ADS_API_VERSION),
    /** Sends `validateOnly: true`: Google checks the request and records nothing. */
    dryRun: z.boolean().default(false),
    /** Also send hashed email and phone (enhanced conversions), and conversions with only those. */
    enhancedConversions: z.boolean().default(true),
    ...limitFields(60, 1),
  })
  .strict();
export type GoogleAdsOptions = z.infer<typeof GoogleAdsOptions>;

const pad = (n: number) => String(n).padStart(2, '0');

/** `yyyy-mm-dd hh:mm:ss+00:00`, in UTC (Google takes any offset; UTC needs no time zone setting). */
export function conversionDateTime(ms: number): string {
  const d = new Date(ms);
  const date = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  return `${date} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+00:00`;
}

/** The one click ID Google takes: `gclid`, else `gbraid`, else `wbraid` (never two). */
function clickId(c: Conversion): Record<string, string> {
  if (c.ids.gclid) return { gclid: c.ids.gclid };
  if (c.ids.gbraid) return { gbraid: c.ids.gbraid };
  if (c.ids.wbraid) return { wbraid: c.ids.wbraid };
  return {};
}

/** Hashed on receipt by Google's rules (`gem`, `gph`); `em` is the same digest for other addresses. */
function userIdentifiers(c: Conversion): Array<Record<string, string>> {
  const email = c.user.gem ?? c.user.em;
  return [
    ...(email ? [{ hashedEmail: email }] : []),
    ...(c.user.gph ? [{ hashedPhoneNumber: c.user.gph }] : []),
  ];
}

function toConversion(c: Conversion, o: GoogleAdsOptions) {
  const users = o.enhancedConversions ? userIdentifiers(c) : [];
  return {
    ...clickId(c),
    conversionAction: `customers/${o.customerId}/conversionActions/${o.conversionActionId}`,
    conversionDateTime: conversionDateTime(c.time),
    ...(c.value !== undefined ? { conversionValue: c.value } : {}),
    ...(c.currency ? { currencyCode: c.currency } : {}),
    orderId: c.orderId ?? c.eventId,
    ...(users.length ? { userIdentifiers: users } : {}),
    // Tandem sends only conversions whose visitor granted ad consent (the planner's rule).
    consent: { adUserData: 'GRANTED' },
  };
}

function check(c: Conversion, now: number): SendCheck {
  if (c.time - now > HOUR) return { kind: 'permanent', reason: 'conversion time is in the future' };
  if (now - c.time > 90 * DAY)
    return { kind: 'permanent', reason: 'older than 90 days (past any Google Ads click-through window)' };
  if (c.value !== undefined && (!c.currency || !/^[A-Z]{3}$/.test(c.currency)))
    return { kind: 'permanent', reason: 'a conversion value needs an ISO 4217 currency' };
  return { kind: 'send' };
}

export const googleAds: Destination<GoogleAdsOptions> = {
  name: 'google-ads',
  title: 'Google Ads',
  batchLimit: 2_000,
  options: GoogleAdsOptions,
  platformEvents: ['conversion'],
  purchaseEvents: ['conversion'],
  defaultMapping: { purchase: 'conversion' },
  needsToken: true,
  resendSafe: true,
  retry: {
    baseMs: 60_000,
    capMs: 6 * HOUR,
    maxRetryAfterMs: 6 * HOUR,
    maxAttempts: 12,
    // Google's own advice for a click too recent is to wait hours: give it two days.
    giveUpAfterMs: 2 * DAY,
  },

  plan(c, o) {
    if (Object.keys(clickId(c)).length) return { kind: 'pending' };
    if (o.enhancedConversions && userIdentifiers(c).length) return { kind: 'pending' };
    return {
      kind: 'skipped',
      reason: o.enhancedConversions
        ? 'attribution-aware: no gclid, gbraid or wbraid, and no email or phone for enhanced conversions'
        : 'attribution-aware: no gclid, gbraid or wbraid',
    };
  },
  check: (c, _o, ctx) => check(c, ctx.now),
  /** The request token is `<access token> <developer token>` (neither has a space). */
  async authorize(o, token, ctx) {
    const access = await googleAccessToken(o.tokenUrl, o.clientId, token, ctx);
    if ('kind' in access) return access;
    return { token: `${access.token} ${parseGoogleToken(token)?.developerToken ?? ''}` };
  },
  tokenHelp: `Three secrets joined by colons: ${GOOGLE_TOKEN_FORMAT}.`,
  tokenProblem: googleTokenProblem,
  tokenParts: (token) => Object.values(parseGoogleToken(token) ?? {}),

  /** `token` is what `authorize` returned: the access token and the developer token. */
  async buildRequest(conversions, o, token) {
    const [accessToken, developerToken] = token.split(' ');
    return {
      url: `${o.baseUrl}/${o.apiVersion}/customers/${o.customerId}:uploadClickConversions`,
      method: 'POST',
      headers: {
        authorization: `Bearer ${accessToken}`,
        'developer-token': developerToken ?? '',
        ...(o.loginCustomerId ? { 'login-customer-id': o.loginCustomerId } : {}),
        'content-type': 'application/json',
      },
      body: JSON.stringify({
        conversions: conversions.map((c) => toConversion(c, o)),
        partialFailure: true,
        ...(o.dryRun ? { validateOnly: true } : {}),
      }),
    };
  },

  classify: classifyGoogleAds,
  rowOutcomes: googleRowOutcomes,
  limits: (o) => ({ perMinute: o.perMinute, concurrency: o.concurrency }),
};
