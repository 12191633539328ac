/**
 * The conversion: everything a destination maps from, joined from the confirmed order, its visitor
 * and its purchase beacon. It is snapshotted into each outbox row when the row is created, so a
 * later change of mapping or visitor affects only conversions that come after it.
 */
import type { ClickIds, Consent, PixelEvents, Pixels } from '@tandem/protocol';
import type { OrderLine, OrderUser, StoredEvent, StoredOrder, Visitor } from '../storage/types.js';

export interface ConversionLine extends OrderLine {
  /** Neuroon's searchLogId for this product, when a search click led to it. */
  searchLogId?: string;
}

export interface Conversion {
  eventId: string;
  /** Shop event name, e.g. `purchase`, `refund`. */
  shopEvent: string;
  /** Platform event name from the destination's mapping at the time the row was created. */
  platformEvent: string;
  /** When the conversion happened, epoch ms. */
  time: number;
  orderId?: string;
  value?: number;
  currency?: string;
  lines: ConversionLine[];
  pageUrl?: string;
  /**
   * The customer's full IP, for platforms with ad consent; cut to the truncated form once every
   * destination settled the conversion (the IP policy in DELIVERY.md).
   */
  ip?: string;
  userAgent?: string;
  user: OrderUser;
  /** Click IDs and first-party cookies (`fbc`, `fbp`, `adroll_fpc`, ...), forwarded verbatim. */
  ids: ClickIds;
  /**
   * When the visitor's current `adct` was first seen, i.e. about when the ad was clicked: the
   * attribution window runs from the click, not from the last visit that carried the cookie.
   */
  adctSeenAt?: number;
  /** The visitor the order's cookies name; absent when they name none. */
  visitorId?: string;
  /** When Tandem first saw that visitor (AdRoll's stand-in cookie is stable per visitor). */
  visitorFirstSeen?: number;
  consent: Consent;
  /** Pixel status reported by the purchase beacon, when one arrived. */
  pixels?: Pixels;
  /** What the tag gave each pixel this shop event as; absent: its own name (`BeaconEvent.sentAs`). */
  sentAs?: PixelEvents;
}

/**
 * The order ID a platform may be given: an order's or a refund's. A server-side event (a lead, a
 * sign-up) keeps the shop's ID in `orderId` for Tandem's own records, but it is not an order, and
 * the platforms read `order_id` as one.
 */
export const platformOrderId = (c: Conversion): string | undefined =>
  c.shopEvent === 'purchase' || c.shopEvent === 'refund' ? c.orderId : undefined;

/**
 * The purchase beacon with the order's event ID, when it may speak for the order: only a beacon
 * from the order's own visitor. Anyone can post a beacon carrying a guessable order's event ID,
 * and its pixel state decides whether AdRoll's server send happens; an order whose cookies name
 * no visitor takes no beacon at all. The engine applies the same rule to a beacon that arrives
 * after the order (pass the conversion's `visitorId`).
 */
export function trustedBeacon(
  beacon: StoredEvent | undefined,
  visitorId: string | undefined,
): StoredEvent | undefined {
  return beacon && visitorId !== undefined && beacon.visitorId === visitorId ? beacon : undefined;
}

const context = <K extends 'ip' | 'userAgent'>(key: K, value: string | undefined) =>
  value ? ({ [key]: value } as Record<K, string>) : {};

/**
 * Joins an order with what is known of its visitor and its (trusted) purchase beacon. `clientIp`
 * is the order's full IP (the stored order keeps only the truncated one).
 */
export function buildConversion(
  order: StoredOrder,
  visitor: Visitor | undefined,
  beacon: StoredEvent | undefined,
  platformEvent: string,
  clientIp?: string,
): Conversion {
  const ids: ClickIds = {};
  for (const [name, seen] of Object.entries(visitor?.clickIds ?? {})) {
    if (seen) ids[name as keyof ClickIds] = seen.value;
  }
  Object.assign(ids, beacon?.ids);
  const search = visitor?.search ?? {};
  return {
    eventId: order.eventId,
    shopEvent: order.kind,
    platformEvent,
    time: order.confirmedAt,
    orderId: order.orderId,
    ...(order.value !== undefined && { value: order.value }),
    ...(order.currency !== undefined && { currency: order.currency }),
    lines: order.lines.map((line) => {
      const searchLogId = search[line.productId];
      return searchLogId ? { ...line, searchLogId } : { ...line };
    }),
    pageUrl: order.pageUrl ?? beacon?.url,
    ...context('ip', clientIp ?? beacon?.fullIp),
    ...context('userAgent', order.userAgent ?? beacon?.userAgent),
    user: { ...visitor?.user, ...order.user },
    ids,
    adctSeenAt: visitor?.clickIds.adct?.firstSeen,
    // Not the joined record's ID: cookies without a visitor ID join under a placeholder.
    ...(order.visitorId !== undefined && { visitorId: order.visitorId }),
    ...(order.visitorId !== undefined &&
      visitor?.firstSeen !== undefined && { visitorFirstSeen: visitor.firstSeen }),
    consent: order.consent,
    pixels: beacon?.pixels,
    ...(beacon?.sentAs && { sentAs: beacon.sentAs }),
  };
}
