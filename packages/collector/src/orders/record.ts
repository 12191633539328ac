/**
 * Recording a confirmed order: hash and truncate on receipt, join it with its visitor (through
 * the customer's cookies) and its purchase beacon (through the shared event ID), plan one outbox
 * row per destination, and write order and rows in one transaction. Shared by the HTTP route, the
 * in-process Node SDK and (when trusted) browser purchase beacons.
 */
import { purchaseEventId, shopEventId } from '@tandem/protocol';
import type { Context } from 'hono';
import type { CollectorConfig } from '../config.js';
import { trustedBeacon } from '../delivery/conversion.js';
import { planOutbox } from '../delivery/plan.js';
import type { BodyReader } from '../http/read-body.js';
import { readIdentity, type CookieIdentity } from '../identity/cookies.js';
import { hashCustomer } from '../privacy/customer.js';
import { normalizeIp, truncateIp } from '../privacy/ip.js';
import type { ShopEvent } from '../events/names.js';
import { mergeVisitor } from '../storage/visitor-merge.js';
import { refundOrigin } from './refund-origin.js';
import type { OutboxRow, Storage, StoredOrder } from '../storage/types.js';
import { checkConfirmedAt, eventIdInUse } from './rejections.js';
import type { DestinationPlan, OrderKind, OrderReceipt, OrderRejection, ParsedOrder } from './schema.js';

export interface OrderContext {
  config: CollectorConfig;
  storage: Storage;
  destinations: () => readonly string[];
  now: () => number;
  onOrderRecorded?: () => void;
  readBody: BodyReader;
  /** The client's socket address, as the runtime reports it (the Node adapter's). */
  clientAddress?: (c: Context) => string | undefined;
}

/** A refund's event ID differs from its purchase's, so both can reach one destination. */
export function orderEventId(kind: OrderKind, orderId: string): string {
  const id = purchaseEventId(orderId);
  return kind === 'purchase' ? id : `r_${id.slice(2)}`;
}

/** The event ID of any shop event: orders' and refunds' as above, others' `shopEventId(name, id)`. */
export function eventIdOf(kind: ShopEvent, id: string): string {
  return kind === 'purchase' || kind === 'refund' ? orderEventId(kind, id) : shopEventId(kind, id);
}

/** What `recordConfirmedOrder` takes: an order, or a server-side event in an order's fields. */
export type RecordInput = Omit<ParsedOrder, 'value' | 'currency'> & { value?: number; currency?: string };

function plan(row: OutboxRow): DestinationPlan {
  const status = {
    pending: 'queued',
    sending: 'queued',
    skipped: 'skipped',
    delivered: 'delivered',
    dead: 'failed',
    uncertain: 'failed',
  } as const;
  return {
    destination: row.destination,
    status: status[row.status],
    ...(row.reason && { reason: row.reason }),
  };
}

/** Records a confirmed order or refund; see `recordShopEvent`. */
export function recordConfirmedOrder(
  ctx: OrderContext,
  kind: OrderKind,
  input: ParsedOrder,
  source: StoredOrder['source'] = 'server',
): Promise<OrderReceipt | OrderRejection> {
  return recordShopEvent(ctx, kind, input, source) as Promise<OrderReceipt | OrderRejection>;
}

/** Any shop event, idempotent by (kind, ID): an order, a refund, or a server-side event. */
export async function recordShopEvent(
  ctx: OrderContext,
  kind: ShopEvent,
  input: RecordInput,
  source: StoredOrder['source'] = 'server',
): Promise<(Omit<OrderReceipt, 'kind'> & { kind: ShopEvent }) | OrderRejection> {
  const now = ctx.now();
  const late = checkConfirmedAt(input.confirmed_at, now);
  if (late) return late;
  // A refund belongs to its order: its visitor and consent, not the refund request's cookies.
  const origin = kind === 'refund' ? await refundOrigin(ctx.storage, input.order_id) : undefined;
  const visitorId = origin?.order.visitorId;
  const identity: CookieIdentity = origin
    ? { ids: {}, search: {}, ...(visitorId !== undefined && { visitorId }) }
    : readIdentity(input.cookies ?? {});
  const eventId = input.event_id ?? eventIdOf(kind, input.order_id);
  const user = await hashCustomer(input, ctx.config.defaultPhoneCountryCode);
  const stored = identity.visitorId ? await ctx.storage.getVisitor(identity.visitorId) : undefined;
  const consent = origin?.order.consent ??
    input.consent ?? {
      ads: identity.consent ?? stored?.consent.ads ?? ctx.config.consentMode === 'optout',
      ...((input.gpc || stored?.consent.gpc) && { gpc: true }),
    };
  // What the customer's cookies say now joins what the beacons said before (the beacon may never
  // have come: tag blocked, or the customer paid from another tab).
  const visitor =
    identity.visitorId || Object.keys(identity.ids).length || Object.keys(identity.search).length
      ? mergeVisitor(stored, {
          // Cookies without a visitor ID still carry click IDs; the record is not stored.
          id: identity.visitorId ?? 'cookies-only',
          seenAt: Math.max(now, stored?.lastSeen ?? 0),
          ids: identity.ids,
          search: identity.search,
          consent: stored?.consent ?? consent,
        })
      : stored;
  const clientIp = normalizeIp(input.ip);
  const ip = truncateIp(clientIp);
  const order: StoredOrder = {
    orderId: input.order_id,
    kind,
    eventId,
    ...(input.value !== undefined && { value: input.value }),
    ...(input.currency !== undefined && { currency: input.currency }),
    lines: input.products.map((p) => ({
      productId: p.id,
      quantity: p.quantity,
      price: p.price,
      ...(p.category && { category: p.category }),
    })),
    user,
    ...(ip && { ip }),
    ...(input.user_agent && { userAgent: input.user_agent }),
    ...(input.page_url && { pageUrl: input.page_url }),
    ...(identity.visitorId && { visitorId: identity.visitorId }),
    consent,
    source,
    confirmedAt: input.confirmed_at ?? now,
  };
  // Only the order's own visitor's purchase beacon speaks for it, whoever posted the same ID first.
  const [found, settings] = await Promise.all([
    order.visitorId === undefined ? undefined : ctx.storage.getEvent(eventId, order.visitorId),
    ctx.storage.listSettings(),
  ]);
  const beacon = trustedBeacon(found, order.visitorId);
  const rows = planOutbox({
    order,
    visitor,
    beacon,
    settings,
    destinations: ctx.destinations(),
    now,
    ...(clientIp && { clientIp }),
    ...(origin && { origin }),
  });
  const result = await ctx.storage.recordOrder(order, rows);
  if (result.conflict) return eventIdInUse(result.order, input.event_id !== undefined);
  if (result.created && result.outbox.some((r) => r.status === 'pending')) ctx.onOrderRecorded?.();
  return {
    kind,
    order_id: result.order.orderId,
    event_id: result.order.eventId,
    created: result.created,
    destinations: result.outbox.map(plan),
  };
}
