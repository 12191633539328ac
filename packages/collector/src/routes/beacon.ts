/**
 * `POST <mount>/e`: the tag's beacons (text/plain JSON, no preflight). Origin allow-list, a hard
 * 16 KiB limit (chunked bodies included), zod validation, a 204 only after the durable write, and
 * server-set identity cookies on the response.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { BeaconBatch, COOKIES, type BeaconEvent } from '@tandem/protocol';
import type { CollectorConfig } from '../config.js';
import { apiError } from '../errors.js';
import { clientIp, isHttps, ownOrigin } from '../http/client.js';
import { jsonBody } from '../http/json-body.js';
import { normalizeIp, truncateIp } from '../privacy/ip.js';
import { cookieCopies } from '../identity/cookie-copies.js';
import { identityCookies, readClickIds, VISITOR_ID } from '../identity/cookies.js';
import { metaExternalId } from '../identity/external-id.js';
import { beaconSearchClicks } from '../identity/search-clicks.js';
import type { BeaconGuard } from './beacon-guard.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import { recordConfirmedOrder, type OrderContext } from '../orders/record.js';
import { OrderInput } from '../orders/schema.js';

export const MAX_BEACON_BYTES = 16 * 1024;

/** Visitor ID of beacons sent without ad consent: they are kept, but tied to no one. */
export const ANONYMOUS = 'anonymous';

function allowedOrigin(c: Context, config: CollectorConfig): boolean {
  const origin = c.req.header('origin');
  // Non-browser clients send none; browsers always send one on a POST.
  if (origin === undefined) return true;
  return origin === ownOrigin(c, config.trustProxy) || config.allowedOrigins.includes(origin);
}

/** A purchase beacon as an order, for shops that opted in with `trustBrowserPurchases`. */
function beaconOrder(
  event: BeaconEvent,
  cookies: Record<string, string>,
  consent: BeaconBatch['consent'],
  userAgent?: string,
) {
  const p = event.props ?? {};
  return OrderInput.safeParse({
    order_id: p.order_id,
    event_id: event.id,
    value: p.value,
    currency: p.currency,
    products: (p.products ?? []).map((x) => ({
      id: x.id,
      price: x.price ?? 0,
      quantity: x.quantity ?? 1,
      ...(x.category && { category: x.category }),
    })),
    cookies,
    consent,
    page_url: event.url,
    ...(userAgent && { user_agent: userAgent.slice(0, 1024) }),
  });
}

export function beaconRoute(ctx: OrderContext, metrics: CollectorMetrics, guard: BeaconGuard) {
  const { config, storage, now } = ctx;
  const onReject = (code: string) => metrics.rejected('beacon', code);
  const checkOrigin: MiddlewareHandler = async (c, next) => {
    if (allowedOrigin(c, config)) return next();
    onReject('origin_not_allowed');
    return apiError(c, 403, 'origin_not_allowed', 'Beacons from this origin are not accepted.', {
      where: 'Origin',
      fix: "Serve the tag from the shop's own domain, or add the origin to `allowedOrigins`.",
    });
  };
  // Bots, the per-client rate and the storage budget, before the body is read (`beacon-guard.ts`).
  const admit: MiddlewareHandler = async (c, next) => guard.admit(c) ?? next();
  const body = jsonBody(BeaconBatch, {
    maxBytes: MAX_BEACON_BYTES,
    invalidCode: 'invalid_beacon',
    fix: {
      invalid: 'Send the batch the tag builds (the beacon schema is in packages/protocol/src/beacon.ts).',
      tooLarge: 'Send fewer events per batch.',
    },
    read: ctx.readBody,
    onReject,
  });
  return new Hono().post('/e', checkOrigin, admit, body, async (c) => {
    const batch = c.req.valid('json');
    const receivedAt = now();
    const identified = batch.consent.ads && !batch.consent.gpc;
    const jar = getCookie(c);
    // New tags leave click IDs to the cookies the request carries; an older tag (or a beacon replayed
    // from its retry queue) still sends what it read, and that wins. Without consent none are read.
    const ids = identified ? { ...readClickIds(jar), ...batch.ids } : {};
    const hasIds = Object.keys(ids).length > 0;
    const search = identified
      ? beaconSearchClicks(batch, jar, cookieCopies(c.req.header('cookie'), COOKIES.search))
      : [];
    // The HttpOnly server copy outlives the script cookie (Safari caps those at 7 days).
    const serverVid = jar[COOKIES.vidServer];
    // Late context for a conversion confirmed without it; only for beacons tied to a visitor.
    const userAgent = identified ? c.req.header('user-agent')?.slice(0, 1024) : undefined;
    const fullIp = identified ? normalizeIp(clientIp(c, config.trustProxy, ctx.clientAddress)) : undefined;
    const ip = truncateIp(fullIp);
    const visitorId = !identified
      ? ANONYMOUS
      : serverVid && VISITOR_ID.test(serverVid)
        ? serverVid
        : (batch.vid ?? crypto.randomUUID());
    const capped = guard.events(c, identified ? visitorId : undefined, batch.events.length);
    if (capped) return capped;
    await storage.recordBeacon(
      {
        id: visitorId,
        seenAt: receivedAt,
        consent: batch.consent,
        ...(hasIds && { ids }),
        ...(search.length > 0 && { search: Object.fromEntries(search) }),
        ...(identified && batch.user && { user: batch.user }),
      },
      batch.events.map((e) => ({
        id: e.id,
        name: e.name,
        visitorId,
        receivedAt,
        url: e.url,
        props: e.props,
        pixels: e.pixels,
        ...(e.sentAs && { sentAs: e.sentAs }),
        consent: batch.consent,
        ids: hasIds ? ids : undefined,
        ...(userAgent && { userAgent }),
        ...(ip && { ip }),
        ...(fullIp && { fullIp }),
      })),
    );
    for (const e of batch.events) metrics.eventReceived(e.name);
    // A conversion may be waiting for this beacon's page context.
    if (identified && batch.events.some((e) => e.name === 'purchase')) ctx.onOrderRecorded?.();

    if (config.trustBrowserPurchases)
      for (const e of batch.events.filter((x) => x.name === 'purchase')) {
        const cookies = { ...jar, ...(identified && { [COOKIES.vidServer]: visitorId }) };
        const order = beaconOrder(e, cookies, batch.consent, c.req.header('user-agent'));
        if (order.success) await recordConfirmedOrder(ctx, 'purchase', order.data, 'beacon');
      }

    const secure =
      config.secureCookies === 'always' || (config.secureCookies === 'auto' && isHttps(c, config.trustProxy));
    if (identified) {
      const lifetimes = {
        visitorDays: config.visitorCookieDays,
        cookieDays: config.cookieDays,
        perCookie: config.cookieLifetimes,
      };
      const externalId = await metaExternalId(visitorId);
      for (const cookie of identityCookies({ ids, search }, visitorId, lifetimes, externalId))
        setCookie(c, cookie.name, cookie.value, {
          path: '/',
          maxAge: cookie.maxAgeSeconds,
          httpOnly: cookie.httpOnly,
          sameSite: 'Lax',
          secure,
        });
    } else
      for (const name of [COOKIES.vidServer, COOKIES.externalId])
        if (jar[name] !== undefined) deleteCookie(c, name, { path: '/', secure });
    return c.body(null, 204);
  });
}
