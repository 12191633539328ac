/**
 * Orders that pass the schema but cannot be recorded, answered as the client errors they are:
 * a confirmation time from the future, and an event ID another order already holds.
 */
import type { StoredOrder } from '../storage/types.js';
import type { OrderRejection } from './schema.js';

/** How far ahead of the collector's clock a shop's clock may run. */
export const CLOCK_SKEW_MS = 24 * 3_600_000;

/** `confirmed_at` may not be more than a day ahead of `now` (the lower bound is in the schema). */
export function checkConfirmedAt(confirmedAt: number | undefined, now: number): OrderRejection | undefined {
  if (confirmedAt === undefined || confirmedAt <= now + CLOCK_SKEW_MS) return undefined;
  return {
    rejected: {
      status: 400,
      code: 'invalid_order',
      message: `confirmed_at (${confirmedAt}) is more than a day ahead of the collector's clock (${now}).`,
      where: 'confirmed_at',
      fix: 'Send the time the order was confirmed, in epoch milliseconds, or leave confirmed_at out.',
    },
  };
}

/**
 * Another order holds the event ID: recording this one would give it no outbox rows of its own
 * (one row per destination and event ID), so its conversion would silently never be sent.
 */
export function eventIdInUse(holder: StoredOrder, passedByShop: boolean): OrderRejection {
  const what = `${holder.kind} ${JSON.stringify(holder.orderId)}`;
  return {
    rejected: {
      status: 409,
      code: 'event_id_in_use',
      message: `The event ID ${JSON.stringify(holder.eventId)} already belongs to ${what}; nothing was recorded.`,
      where: 'event_id',
      fix: passedByShop
        ? 'Give each order and refund its own event_id (the one its thank-you page passed to the tag), or leave event_id out so Tandem derives one from order_id.'
        : `${what} was recorded with this order's derived event ID as its own event_id; send this order with an event_id of its own.`,
    },
  };
}
