/**
 * TikTok Events API (docs/platforms.md): `POST <base>/open_api/v1.3/event/track/` with the token in
 * the `Access-Token` header and `{event_source: "web", event_source_id: <pixel code>, data}`.
 * TikTok answers HTTP 200 for most errors: the body's `code` decides (0 is success).
 *
 * TikTok merges the server event with the pixel's when pixel code, event name and `event_id` are
 * equal within 48 hours, so the server always sends (a resend is absorbed too), and retries stop
 * at 36 hours, inside that window. TikTok fails a whole batch for one bad event, so `check`
 * validates each conversion before it joins one.
 */
import { TIKTOK_STANDARD_EVENTS } from '@tandem/protocol';
import { z } from 'zod';
import type { Conversion } from '../delivery/conversion.js';
import { metaExternalId } from '../identity/external-id.js';
import { classifyStatus, excerpt } from './http.js';
import { baseUrl, fallbackPageUrl, limitFields } from './options.js';
import type { Destination, Outcome, PlatformResponse, SendCheck } from './types.js';

const HOUR = 3_600_000;
/** Events in one request: the limit quoted by integrators (docs/platforms.md). */
export const TIKTOK_BATCH_LIMIT = 1_000;

export const TiktokOptions = z
  .object({
    /** The pixel code from TikTok Events Manager (`event_source_id`, `ttq.load(...)`). */
    pixelCode: z.string().regex(/^[A-Z0-9]{16,24}$/, 'the pixel code, such as C4ABCDEFGHIJKLMNOPQR'),
    baseUrl: baseUrl('https://business-api.tiktok.com'),
    /** From Events Manager's "Test events" tab: events show there and are not counted. */
    testEventCode: z.string().min(1).max(64).optional(),
    /** How long a conversion without a page URL waits for its visitor's beacon. */
    contextGraceSeconds: z.number().int().min(0).max(86_400).default(120),
    fallbackPageUrl: fallbackPageUrl(),
    ...limitFields(600, 2),
  })
  .strict();
export type TiktokOptions = z.infer<typeof TiktokOptions>;

/** Codes of the body (docs/platforms.md): a refused or expired token, no permission, too many requests. */
const TOKEN_CODES = new Set([40001, 40102, 40104, 40105]);
const RATE_LIMIT_CODE = 40100;
/** TikTok's own failures (5xxxx): retried. */
const SERVER_ERROR_CODES = 50000;

async function user(c: Conversion) {
  const externalId = c.visitorId === undefined ? undefined : await metaExternalId(c.visitorId);
  return {
    ...(c.user.em && { email: c.user.em }),
    ...(c.user.ph && { phone: c.user.ph }),
    ...(externalId && { external_id: externalId }),
    ...(c.ids.ttclid && { ttclid: c.ids.ttclid }),
    ...(c.ids.ttp && { ttp: c.ids.ttp }),
    ...(c.ip && { ip: c.ip }),
    ...(c.userAgent && { user_agent: c.userAgent }),
  };
}

function properties(c: Conversion) {
  const contents = c.lines.map((l) => ({
    content_id: l.productId,
    content_type: 'product',
    quantity: l.quantity,
    price: l.price,
  }));
  return {
    ...(c.value !== undefined && { value: c.value }),
    ...(c.currency && { currency: c.currency }),
    ...(contents.length > 0 && { contents, content_type: 'product' }),
    ...(c.orderId && { order_id: c.orderId }),
  };
}

function check(c: Conversion, now: number): SendCheck {
  const bad = (reason: string): SendCheck => ({ kind: 'permanent', reason });
  if (c.time - now > HOUR) return bad('event time is in the future');
  if (!c.pageUrl) return bad('no page URL (TikTok matches web events on page.url)');
  if (c.value !== undefined && !Number.isFinite(c.value)) return bad('the value is not a number');
  if (c.value !== undefined && (!c.currency || !/^[A-Z]{3}$/.test(c.currency)))
    return bad('a value needs an ISO 4217 currency');
  return { kind: 'send' };
}

interface TiktokAnswer {
  code?: unknown;
  message?: unknown;
}

function classify(response: PlatformResponse): Outcome {
  const answer = (response.body ?? {}) as TiktokAnswer;
  const code = typeof answer.code === 'number' ? answer.code : undefined;
  const detail =
    code === undefined
      ? excerpt(response.body)
      : `code ${code}: ${excerpt(typeof answer.message === 'string' ? answer.message : '')}`;
  if (code === undefined || response.status < 200 || response.status >= 300) {
    const outcome = classifyStatus(response, detail);
    // A 2xx without TikTok's envelope (a proxy's page) proves nothing was accepted.
    return outcome.kind === 'delivered'
      ? { kind: 'retry', reason: `HTTP ${response.status} without a code: ${detail}`, maybeSent: true }
      : outcome;
  }
  if (code === 0) return { kind: 'delivered' };
  if (TOKEN_CODES.has(code)) return { kind: 'paused', reason: `access token refused (${detail})` };
  if (code === RATE_LIMIT_CODE || code >= SERVER_ERROR_CODES) {
    const retry = classifyStatus({ ...response, status: 429 }, detail);
    return retry.kind === 'retry' ? retry : { kind: 'retry', reason: detail };
  }
  return { kind: 'permanent', reason: detail };
}

export const tiktok: Destination<TiktokOptions> = {
  name: 'tiktok',
  title: 'TikTok Events API',
  batchLimit: TIKTOK_BATCH_LIMIT,
  options: TiktokOptions,
  platformEvents: TIKTOK_STANDARD_EVENTS,
  purchaseEvents: ['CompletePayment', 'PlaceAnOrder'],
  defaultMapping: { purchase: 'CompletePayment' },
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
    required: ['pageUrl'],
    graceMs: o.contextGraceSeconds * 1000,
    ...(o.fallbackPageUrl && { fallbackPageUrl: o.fallbackPageUrl }),
  }),
  check: (c, _o, ctx) => check(c, ctx.now),

  async buildRequest(conversions, o, token) {
    const data = await Promise.all(
      conversions.map(async (c) => ({
        event: c.platformEvent,
        event_time: Math.floor(c.time / 1000),
        event_id: c.eventId,
        user: await user(c),
        properties: properties(c),
        page: { url: c.pageUrl },
      })),
    );
    const body = {
      event_source: 'web',
      event_source_id: o.pixelCode,
      ...(o.testEventCode && { test_event_code: o.testEventCode }),
      data,
    };
    return {
      url: `${o.baseUrl}/open_api/v1.3/event/track/`,
      method: 'POST',
      headers: { 'access-token': token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    };
  },

  classify,
  limits: (o) => ({ perMinute: o.perMinute, concurrency: o.concurrency }),
};
