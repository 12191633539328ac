/**
 * Meta Conversions API (docs/platforms.md): `POST <base>/<version>/<PIXEL>/events` with
 * `{data, test_event_code?, access_token}`; at most 1,000 events. The token travels in the body,
 * never in the URL, so no access log or stored URL ever holds it.
 *
 * One invalid event fails Meta's whole request, so `check` validates each conversion before it
 * joins a batch, and nothing older than 7 days is sent. Retries stop at 36 hours, well inside the
 * 48 hours in which Meta merges the server event with the pixel's.
 */
import { z } from 'zod';
import { platformOrderId, type Conversion } from '../delivery/conversion.js';
import { classifyStatus, excerpt } from './http.js';
import { hashIdentifier } from '../privacy/hash.js';
import { metaExternalId } from '../identity/external-id.js';
import { CURRENT_GRAPH_VERSION, graphVersionWarning } from './meta-versions.js';
import { baseUrl, fallbackPageUrl, limitFields } from './options.js';
import type { Destination, Outcome, SendCheck } from './types.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const MetaOptions = z
  .object({
    pixelId: z.string().regex(/^\d{5,20}$/, "the pixel's numeric ID"),
    baseUrl: baseUrl('https://graph.facebook.com'),
    /** Graph API version; `meta-versions.ts` knows when each expires. */
    apiVersion: z
      .string()
      .regex(/^v\d+\.\d+$/, `a Graph API version such as ${CURRENT_GRAPH_VERSION}`)
      .default(CURRENT_GRAPH_VERSION),
    /** From Events Manager's "Test events" tab: events show there and are not counted. */
    testEventCode: z.string().min(1).max(64).optional(),
    /** How long a conversion without page URL or user agent waits for its visitor's beacon. */
    contextGraceSeconds: z.number().int().min(0).max(86_400).default(120),
    fallbackPageUrl: fallbackPageUrl(),
    ...limitFields(1_000, 2),
  })
  .strict();
export type MetaOptions = z.infer<typeof MetaOptions>;

/** Hashed on receipt (privacy/); hashed here only if something arrives in clear. */
type MetaUserField = keyof Conversion['user'] | 'external_id';
const HASHED_FIELDS: MetaUserField[] = [
  'em',
  'ph',
  'fn',
  'ln',
  'db',
  'ge',
  'ct',
  'st',
  'zp',
  'country',
  'external_id',
];
const RATE_LIMIT_CODES = new Set([4, 17, 613]);
/** `fb.<index>.<ms>.<value>` with an optional fifth segment; forwarded verbatim when well-formed. */
const FB_COOKIE = /^fb\.\d+\.\d+\.[^.\s]+(\.[^.\s]+)?$/;

async function userData(c: Conversion) {
  const known = c.user as Partial<Record<MetaUserField, string>>;
  const out: Record<string, string | string[]> = {};
  for (const field of HASHED_FIELDS) {
    const hashed =
      field === 'external_id' && !known.external_id && c.visitorId
        ? await metaExternalId(c.visitorId)
        : await hashIdentifier(known[field]);
    if (hashed) out[field] = [hashed];
  }
  if (c.ip) out.client_ip_address = c.ip;
  if (c.userAgent) out.client_user_agent = c.userAgent;
  if (c.ids.fbc && FB_COOKIE.test(c.ids.fbc)) out.fbc = c.ids.fbc;
  if (c.ids.fbp && FB_COOKIE.test(c.ids.fbp)) out.fbp = c.ids.fbp;
  return out;
}

function customData(c: Conversion) {
  const orderId = platformOrderId(c);
  const contents = c.lines.map((l) => ({ id: l.productId, quantity: l.quantity, item_price: l.price }));
  return {
    ...(c.value !== undefined ? { value: c.value } : {}),
    ...(c.currency ? { currency: c.currency } : {}),
    ...(contents.length
      ? {
          content_ids: contents.map((x) => x.id),
          contents,
          content_type: 'product',
          num_items: contents.reduce((n, x) => n + x.quantity, 0),
        }
      : {}),
    ...(orderId ? { order_id: orderId } : {}),
  };
}

function check(c: Conversion, now: number): SendCheck {
  const bad = (reason: string): SendCheck => ({ kind: 'permanent', reason });
  if (now - c.time > 7 * DAY) return bad('older than 7 days (Meta rejects it)');
  if (c.time - now > HOUR) return bad('event time is in the future');
  if (!c.userAgent) return bad('no user agent (Meta requires client_user_agent for website events)');
  if (!c.pageUrl) return bad('no page URL (Meta requires event_source_url for website events)');
  if (c.platformEvent === 'Purchase') {
    if (c.value === undefined || !Number.isFinite(c.value)) return bad('a Purchase needs a value');
    if (!c.currency || !/^[A-Z]{3}$/.test(c.currency)) return bad('a Purchase needs an ISO 4217 currency');
  }
  return { kind: 'send' };
}

interface GraphError {
  error?: { code?: number; error_subcode?: number; is_transient?: boolean; message?: string };
}

function classify(response: Parameters<Destination['classify']>[0]): Outcome {
  const error = (response.body as GraphError | undefined)?.error;
  const code = typeof error?.code === 'number' ? error.code : undefined;
  const detail =
    code === undefined ? excerpt(response.body) : `code ${code}: ${excerpt(error?.message ?? '')}`;
  if (response.status >= 200 && response.status < 300) return { kind: 'delivered' };
  if (code === 190) return { kind: 'paused', reason: `access token refused (${detail})` };
  if (
    code !== undefined &&
    (RATE_LIMIT_CODES.has(code) || (code >= 80000 && code <= 80014) || error?.is_transient)
  ) {
    const base = classifyStatus({ ...response, status: 429 }, detail);
    return base.kind === 'retry' ? base : { kind: 'retry', reason: detail };
  }
  return classifyStatus(response, detail);
}

export const meta: Destination<MetaOptions> = {
  name: 'meta',
  title: 'Meta Conversions API',
  batchLimit: 1_000,
  options: MetaOptions,
  platformEvents: [
    'Purchase',
    'AddToCart',
    'ViewContent',
    'PageView',
    'Lead',
    'InitiateCheckout',
    'AddPaymentInfo',
    'CompleteRegistration',
    'Search',
    'Subscribe',
    'StartTrial',
    'Contact',
  ],
  purchaseEvents: ['Purchase'],
  defaultMapping: { purchase: 'Purchase' },
  needsToken: true,
  resendSafe: true,
  retry: {
    baseMs: 10_000,
    capMs: 30 * 60_000,
    maxRetryAfterMs: HOUR,
    maxAttempts: 10,
    giveUpAfterMs: 12 * HOUR,
    deadlineMs: 36 * HOUR,
  },

  plan: () => ({ kind: 'pending' }),
  context: (o) => ({
    required: ['userAgent', 'pageUrl'],
    graceMs: o.contextGraceSeconds * 1000,
    ...(o.fallbackPageUrl && { fallbackPageUrl: o.fallbackPageUrl }),
  }),
  check: (c, _o, ctx) => check(c, ctx.now),

  async buildRequest(conversions, o, token) {
    const data = await Promise.all(
      conversions.map(async (c) => ({
        event_name: c.platformEvent,
        event_time: Math.floor(c.time / 1000),
        event_id: c.eventId,
        action_source: 'website',
        ...(c.pageUrl ? { event_source_url: c.pageUrl } : {}),
        user_data: await userData(c),
        custom_data: customData(c),
      })),
    );
    const body = {
      data,
      ...(o.testEventCode ? { test_event_code: o.testEventCode } : {}),
      access_token: token,
    };
    return {
      url: `${o.baseUrl}/${o.apiVersion}/${encodeURIComponent(o.pixelId)}/events`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  },

  classify,
  warnings: (o, now) => [graphVersionWarning(o.apiVersion, now)].filter((w) => w !== undefined),
  limits: (o) => ({ perMinute: o.perMinute, concurrency: o.concurrency }),
};
