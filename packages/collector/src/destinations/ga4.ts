/**
 * GA4 Measurement Protocol (docs/platforms.md): `POST <base>/mp/collect?measurement_id=G-...&api_secret=...`
 * with `{client_id, timestamp_micros, events: [{name, params}]}`. GA4 takes the secret only in the
 * query; it never reaches a stored reason or log (`delivery/redact.ts` removes `api_secret=...`).
 *
 * One conversion a request: a request carries one `client_id`, the `_ga` cookie's client ID when
 * the visitor had one, else a stable one derived from the visitor. The production endpoint answers
 * 2xx even to events it drops, so `check` refuses what GA4 would drop (older than 72 hours, no
 * currency with a value), and "test connection" uses the validation endpoint (`/debug/mp/collect`).
 * GA4 counts a purchase once per `transaction_id`, so a resend is harmless.
 */
import { z } from 'zod';
import type { Conversion } from '../delivery/conversion.js';
import { sha256Hex } from '../privacy/hash.js';
import { classifyStatus, excerpt } from './http.js';
import { baseUrl, limitFields } from './options.js';
import type { Destination, PlatformResponse, SendCheck } from './types.js';

const HOUR = 3_600_000;

export const Ga4Options = z
  .object({
    measurementId: z
      .string()
      .regex(/^G-[A-Z0-9]{4,20}$/, 'the web stream\'s measurement ID, "G-" and letters or digits'),
    /** `https://region1.google-analytics.com` keeps collection in the EU. */
    baseUrl: baseUrl('https://www.google-analytics.com'),
    /** Sends to the validation endpoint: GA4 checks the events and records nothing. */
    dryRun: z.boolean().default(false),
    ...limitFields(600, 2),
  })
  .strict();
export type Ga4Options = z.infer<typeof Ga4Options>;

/**
 * The `client_id`: the `_ga` cookie's (`<random>.<seconds>`, read by `identity/cookies.ts`), else
 * the same shape derived from the visitor ID and when Tandem first saw it, so one visitor stays
 * one GA4 user; a conversion without a visitor gets one from its event ID.
 */
export async function ga4ClientId(c: Conversion): Promise<string> {
  if (c.ids.ga) return c.ids.ga;
  const seed = c.visitorId ?? c.eventId;
  const random = parseInt((await sha256Hex(`tandem-ga4-client:${seed}`)).slice(0, 8), 16);
  const since = c.visitorId !== undefined ? (c.visitorFirstSeen ?? c.time) : c.time;
  return `${random}.${Math.floor(since / 1000)}`;
}

const money = (n: number) => Math.round(Math.abs(n) * 100) / 100;

function params(c: Conversion) {
  return {
    transaction_id: c.orderId ?? c.eventId,
    ...(c.value !== undefined ? { value: money(c.value) } : {}),
    ...(c.currency ? { currency: c.currency } : {}),
    ...(c.lines.length
      ? {
          items: c.lines.map((l) => ({
            item_id: l.productId,
            quantity: l.quantity,
            price: money(l.price),
            ...(l.category ? { item_category: l.category } : {}),
          })),
        }
      : {}),
    // GA4 reports a user as active only with some engagement time.
    engagement_time_msec: 1,
  };
}

function check(c: Conversion, now: number): SendCheck {
  if (now - c.time > 72 * HOUR) return { kind: 'permanent', reason: 'older than 72 hours (GA4 drops it)' };
  if (c.time - now > HOUR) return { kind: 'permanent', reason: 'event time is in the future' };
  if (c.value !== undefined && (!c.currency || !/^[A-Z]{3}$/.test(c.currency)))
    return { kind: 'permanent', reason: 'a value needs an ISO 4217 currency (GA4 drops it otherwise)' };
  return { kind: 'send' };
}

interface ValidationMessage {
  fieldPath?: unknown;
  description?: unknown;
  validationCode?: unknown;
}

/** 2xx, unless the validation endpoint listed `validationMessages` (then the event is invalid). */
function classify(response: PlatformResponse) {
  const messages = (response.body as { validationMessages?: ValidationMessage[] } | undefined)
    ?.validationMessages;
  if (response.status >= 200 && response.status < 300 && Array.isArray(messages) && messages.length) {
    const list = messages.map(
      (m) => `${String(m.validationCode)} at ${String(m.fieldPath)}: ${String(m.description)}`,
    );
    return { kind: 'permanent' as const, reason: `GA4 validation: ${excerpt(list.join('; '))}` };
  }
  return classifyStatus(response, response.status >= 300 ? excerpt(response.body) : '');
}

export const ga4: Destination<Ga4Options> = {
  name: 'ga4',
  title: 'Google Analytics 4',
  batchLimit: 1,
  options: Ga4Options,
  platformEvents: ['purchase', 'refund'],
  purchaseEvents: ['purchase'],
  defaultMapping: { purchase: 'purchase', refund: 'refund' },
  needsToken: true,
  resendSafe: true,
  retry: {
    baseMs: 30_000,
    capMs: 2 * HOUR,
    maxRetryAfterMs: 6 * HOUR,
    maxAttempts: 12,
    // GA4 drops events back-dated more than 72 hours.
    giveUpAfterMs: 24 * HOUR,
    deadlineMs: 70 * HOUR,
  },

  plan: () => ({ kind: 'pending' }),
  check: (c, _o, ctx) => check(c, ctx.now),
  tokenHelp:
    "The stream's Measurement Protocol API secret (Admin, Data streams, Measurement Protocol API secrets).",
  tokenProblem: (token) =>
    /^[\w-]{10,100}$/.test(token) ? undefined : 'the API secret is 10 to 100 letters, digits, - or _',

  async buildRequest(conversions, o, token) {
    const [c] = conversions;
    if (!c || conversions.length > 1) throw new Error('ga4 sends exactly one conversion per request');
    const path = o.dryRun ? '/debug/mp/collect' : '/mp/collect';
    const query = `measurement_id=${encodeURIComponent(o.measurementId)}&api_secret=${encodeURIComponent(token)}`;
    return {
      url: `${o.baseUrl}${path}?${query}`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: await ga4ClientId(c),
        timestamp_micros: c.time * 1000,
        events: [{ name: c.platformEvent, params: params(c) }],
      }),
    };
  },

  classify,
  limits: (o) => ({ perMinute: o.perMinute, concurrency: o.concurrency }),
};
