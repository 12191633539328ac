/**
 * Recording a confirmed order: hash and truncate on receipt, join it with its visitor (through
 * the customer's cookies) and its purchase beacon (through the shared event ID), plan one outbox
 * row per destination, and write order and rows in one transaction. Shared by the HTTP route, the
 * in-process Node SDK and (when trusted) browser purchase beacons.
 */
import { purchaseEventId } from '@tandem/protocol';
import type { CollectorConfig } from '../config.js';
import { trustedBeacon } from '../delivery/conversion.js';
import { planOutbox } from '../delivery/plan.js';
import type { BodyReader } from '../http/read-body.js';
import { readIdentity } from '../identity/cookies.js';
import { hashCustomer } from '../privacy/customer.js';
import { truncateIp } from '../privacy/ip.js';
import { mergeVisitor } from '../storage/visitor-merge.js';
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
}

/** A refund's event ID differs from its purchase's, so both can reach one destination. */
export function orderEventId(kind: OrderKind, orderId: string): string {
  const id = purchaseEventId(orderId);
  return kind === 'purchase' ? id : `r_${id.slice(2)}`;
}

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

export async function recordConfirmedOrder(
  ctx: OrderContext,
  kind: OrderKind,
  input: ParsedOrder,
  source: StoredOrder['source'] = 'server',
): Promise<OrderReceipt | OrderRejection> {
  const now = ctx.now();
  const late = checkConfirmedAt(input.confirmed_at, now);
  if (late) return late;
  const identity = readIdentity(input.cookies ?? {});
  const eventId = input.event_id ?? orderEventId(kind, input.order_id);
  const user = await hashCustomer(input, ctx.config.phoneCountryCode);
  const stored = identity.visitorId ? await ctx.storage.getVisitor(identity.visitorId) : undefined;
  const consent = input.consent ?? {
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
  const ip = truncateIp(input.ip);
  const order: StoredOrder = {
    orderId: input.order_id,
    kind,
    eventId,
    value: input.value,
    currency: input.currency,
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
  const rows = planOutbox({ order, visitor, beacon, settings, destinations: ctx.destinations(), now });
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
