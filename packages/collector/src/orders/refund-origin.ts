/**
 * A refund belongs to its order: it inherits the original purchase's visitor, consent, click IDs
 * and line attribution (Neuroon's searchLogIds), so a back-office refund sent without cookies
 * reaches every destination that counted the order, and is skipped, with the reason, where the
 * order was not counted.
 */
import type { Conversion } from '../delivery/conversion.js';
import { truncateIp } from '../privacy/ip.js';
import type { OutboxRow, Storage, StoredOrder } from '../storage/types.js';

export interface RefundOrigin {
  order: StoredOrder;
  /** The original purchase's outbox rows, one per destination. */
  rows: OutboxRow[];
}

/** The purchase a refund of `orderId` belongs to, with its rows; undefined when it was never recorded. */
export async function refundOrigin(storage: Storage, orderId: string): Promise<RefundOrigin | undefined> {
  const order = await storage.getOrder('purchase', orderId);
  if (!order) return undefined;
  return { order, rows: await storage.listOutbox({ eventId: order.eventId, limit: 1_000 }) };
}

/** Why a destination gets no refund: the order was not counted there. Undefined when it was (or may still be). */
export function notCounted(origin: RefundOrigin, destination: string): string | undefined {
  const row = origin.rows.find((r) => r.destination === destination);
  if (!row) return 'the order was not counted here (it was recorded before this destination existed)';
  if (row.status === 'skipped' || row.status === 'dead')
    return `the order was not counted here (${row.status}: ${row.reason ?? 'no reason recorded'})`;
  return undefined;
}

/** The refund's conversion with what it inherits from the original purchase's. */
export function inheritFromOrder(refund: Conversion, origin: RefundOrigin, destination: string): Conversion {
  const row = origin.rows.find((r) => r.destination === destination) ?? origin.rows[0];
  const original = row?.payload as Conversion | undefined;
  if (!original) return refund;
  const searchLogIds = new Map(
    original.lines.filter((l) => l.searchLogId).map((l) => [l.productId, l.searchLogId!]),
  );
  // A refund without lines refunds the whole order.
  const lines = (refund.lines.length ? refund.lines : original.lines).map(({ searchLogId: _s, ...l }) => {
    const id = searchLogIds.get(l.productId);
    return id ? { ...l, searchLogId: id } : l;
  });
  // Only a full IP is worth inheriting; once the order settled everywhere it was cut.
  const ip = refund.ip ?? (original.ip && truncateIp(original.ip) !== original.ip ? original.ip : undefined);
  const { visitorId, visitorFirstSeen, adctSeenAt } = original;
  return {
    ...refund,
    lines,
    ids: { ...original.ids },
    user: { ...original.user, ...refund.user },
    consent: original.consent,
    ...(visitorId !== undefined && { visitorId }),
    ...(visitorFirstSeen !== undefined && { visitorFirstSeen }),
    ...(adctSeenAt !== undefined && { adctSeenAt }),
    ...((refund.pageUrl ?? original.pageUrl) && { pageUrl: refund.pageUrl ?? original.pageUrl }),
    ...((refund.userAgent ?? original.userAgent) && { userAgent: refund.userAgent ?? original.userAgent }),
    ...(ip && { ip }),
  };
}
