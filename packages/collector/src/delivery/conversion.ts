/**
 * The conversion: everything a destination maps from, joined from the confirmed order, its visitor
 * and its purchase beacon. It is snapshotted into each outbox row when the row is created, so a
 * later change of mapping or visitor affects only conversions that come after it.
 */
import type { ClickIds, Consent, HashedUser, Pixels } from '@tandem/protocol';
import type { OrderLine, StoredEvent, StoredOrder, Visitor } from '../storage/types.js';

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
  ip?: string;
  userAgent?: string;
  user: HashedUser;
  /** Click IDs and first-party cookies (`fbc`, `fbp`, `adroll_fpc`, ...), forwarded verbatim. */
  ids: ClickIds;
  /**
   * When the visitor's current `adct` was first seen, i.e. about when the ad was clicked: the
   * attribution window runs from the click, not from the last visit that carried the cookie.
   */
  adctSeenAt?: number;
  visitorId?: string;
  consent: Consent;
  /** Pixel status reported by the purchase beacon, when one arrived. */
  pixels?: Pixels;
}

/** Joins an order with what is known of its visitor and its purchase beacon. */
export function buildConversion(
  order: StoredOrder,
  visitor: Visitor | undefined,
  beacon: StoredEvent | undefined,
  platformEvent: string,
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
    value: order.value,
    currency: order.currency,
    lines: order.lines.map((line) => {
      const searchLogId = search[line.productId];
      return searchLogId ? { ...line, searchLogId } : { ...line };
    }),
    pageUrl: order.pageUrl ?? beacon?.url,
    ip: order.ip,
    userAgent: order.userAgent,
    user: { ...visitor?.user, ...order.user },
    ids,
    adctSeenAt: visitor?.clickIds.adct?.firstSeen,
    visitorId: order.visitorId ?? visitor?.id,
    consent: order.consent,
    pixels: beacon?.pixels,
  };
}
