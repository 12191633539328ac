/**
 * AdRoll's server-to-server API (docs/platforms.md): `POST <base>/api?advertisable=<ADV>`, `Authorization:
 * Token ...`, a JSON array of at most 100 events.
 *
 * AdRoll documents no dedup key, so Tandem dedups for it: in `single-channel` mode (default) the
 * row waits a grace period for the event's beacon, and at send time a conversion the pixel reported
 * as loaded, and was given under the mapped name, is settled as delivered `via: 'pixel'` without a
 * request. Attribution-aware mode (on by
 * default) sends only conversions whose visitor carried an `adct` within the attribution window.
 */
import { z } from 'zod';
import { platformOrderId, type Conversion } from '../delivery/conversion.js';
import { sha256Hex } from '../privacy/hash.js';
import { classifyStatus, excerpt } from './http.js';
import { baseUrl, fallbackPageUrl, limitFields } from './options.js';
import type { Destination, SendContext } from './types.js';

const DAY = 86_400_000;

export const AdRollOptions = z
  .object({
    /** Advertiser EID (`adroll_adv_id`). */
    advertisableEid: z.string().min(1),
    /** Pixel EID (`adroll_pix_id`). */
    pixelEid: z.string().min(1),
    baseUrl: baseUrl('https://srv.adroll.com'),
    /** Adds `&dry_run=true`: AdRoll validates without recording. */
    dryRun: z.boolean().default(false),
    /** `single-channel`: send only what the pixel did not deliver. `always`: send every conversion. */
    dedup: z.enum(['single-channel', 'always']).default('single-channel'),
    /** How long the server waits for the purchase beacon before deciding (single-channel). */
    graceSeconds: z.number().int().min(0).max(86_400).default(300),
    attributionAware: z.boolean().default(true),
    attributionWindowDays: z.number().int().positive().max(365).default(30),
    fallbackPageUrl: fallbackPageUrl(),
    ...limitFields(600, 2),
  })
  .strict();
export type AdRollOptions = z.infer<typeof AdRollOptions>;

/**
 * A stand-in `__adroll_fpc` when the browser had none, stable per visitor as AdRoll's own cookie
 * is: 32 hex derived from the visitor ID, `-`, when Tandem first saw the visitor (epoch ms). A
 * conversion without a visitor gets one from its event ID and time.
 */
async function firstPartyCookie(c: Conversion): Promise<string> {
  if (c.ids.adroll_fpc) return c.ids.adroll_fpc;
  const hex = await sha256Hex(`tandem-adroll-fpc:${c.visitorId ?? c.eventId}`);
  return `${hex.slice(0, 32)}-${c.visitorId !== undefined ? (c.visitorFirstSeen ?? c.time) : c.time}`;
}

/**
 * Whether AdRoll's pixel delivered this conversion: its beacon (the one read at send time, else
 * the one the order was planned with) says the pixel loaded and was given the event the mapping
 * sends now. A beacon without `sentAs` gave it the shop event's own name (a purchase as
 * `purchase`); a page whose tag predates a mapping change gave it the old name, which AdRoll
 * counts as another event, so the server sends the mapped one.
 */
function pixelDelivered(c: Conversion, ctx: SendContext): boolean {
  const beacon = ctx.pixels ? ctx : c;
  const given = beacon.sentAs ? beacon.sentAs.adroll : c.shopEvent;
  return beacon.pixels?.adroll === 'loaded' && given === c.platformEvent;
}

/** AdRoll's reference requires `page_location` and `ip` on every event (the rest is always built). */
function lacks(c: Conversion): string | undefined {
  if (!c.pageUrl) return 'no page URL (AdRoll requires page_location)';
  if (!c.ip) return 'no client IP (AdRoll requires ip)';
  return undefined;
}

async function toEvent(c: Conversion, o: AdRollOptions) {
  const missing = lacks(c);
  if (missing) throw new Error(missing);
  const orderId = platformOrderId(c);
  const products = c.lines.map((l) => ({
    product_id: l.productId,
    price: l.price,
    quantity: l.quantity,
    ...(l.category ? { category: l.category } : {}),
  }));
  return {
    advertisable_eid: o.advertisableEid,
    pixel_eid: o.pixelEid,
    event_name: c.platformEvent,
    page_location: c.pageUrl,
    ip: c.ip,
    ...(c.userAgent ? { user_agent: c.userAgent } : {}),
    timestamp: c.time / 1000,
    ...(c.value !== undefined ? { conversion_value: c.value } : {}),
    ...(c.currency ? { currency: c.currency } : {}),
    // an order's attributes; a lead or a sign-up has none
    ...(orderId || products.length
      ? { event_attributes: { ...(orderId && { order_id: orderId }), products } }
      : {}),
    external_data: JSON.stringify({ tandem_event_id: c.eventId }),
    identifiers: {
      first_party_cookie: await firstPartyCookie(c),
      ...(c.ids.adct ? { adct: c.ids.adct } : {}),
      ...(c.user.em ? { email_sha256: c.user.em } : {}),
    },
  };
}

export const adroll: Destination<AdRollOptions> = {
  name: 'adroll',
  title: 'AdRoll',
  batchLimit: 100,
  options: AdRollOptions,
  platformEvents: [
    'purchase',
    'pageView',
    'homeView',
    'productSearch',
    'addToCart',
    'highValuePage',
    'gatedContent',
    'demoRequest',
    'signupPlan',
    'signupTrial',
    'contactSales',
    'liveChat',
    'formFill',
  ],
  purchaseEvents: ['purchase'],
  defaultMapping: { purchase: 'purchase' },
  needsToken: true,
  resendSafe: false,
  needsBeacon: (o) => o.dedup === 'single-channel',
  context: (o) => ({
    required: ['pageUrl', 'ip'],
    graceMs: o.graceSeconds * 1000,
    ...(o.fallbackPageUrl && { fallbackPageUrl: o.fallbackPageUrl }),
  }),
  retry: {
    baseMs: 30_000,
    capMs: 3_600_000,
    maxRetryAfterMs: 6 * 3_600_000,
    maxAttempts: 12,
    giveUpAfterMs: 3 * DAY,
  },

  plan(c, o) {
    if (o.attributionAware) {
      const seenAt = c.adctSeenAt ?? c.time;
      if (!c.ids.adct) return { kind: 'skipped', reason: 'attribution-aware: the visitor has no adct' };
      if (c.time - seenAt > o.attributionWindowDays * DAY) {
        return {
          kind: 'skipped',
          reason: `attribution-aware: adct older than ${o.attributionWindowDays} days`,
        };
      }
    }
    const pixel = c.pixels?.adroll;
    const known = pixel === 'loaded' || pixel === 'blocked' || pixel === 'off';
    if (o.dedup === 'always' || known) return { kind: 'pending' };
    return { kind: 'pending', delayMs: o.graceSeconds * 1000 };
  },

  check(c, o, ctx) {
    if (o.dedup === 'single-channel' && pixelDelivered(c, ctx)) return { kind: 'delivered-by-pixel' };
    const missing = lacks(c);
    return missing ? { kind: 'permanent', reason: missing } : { kind: 'send' };
  },

  async buildRequest(conversions, o, token) {
    const query = `advertisable=${encodeURIComponent(o.advertisableEid)}${o.dryRun ? '&dry_run=true' : ''}`;
    return {
      url: `${o.baseUrl}/api?${query}`,
      method: 'POST',
      headers: { authorization: `Token ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(await Promise.all(conversions.map((c) => toEvent(c, o)))),
    };
  },

  classify: (response) => classifyStatus(response, response.status >= 300 ? excerpt(response.body) : ''),
  limits: (o) => ({ perMinute: o.perMinute, concurrency: o.concurrency }),
};
