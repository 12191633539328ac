/**
 * The delivery plan of one order: for each registered destination, an outbox row that is either
 * pending (to be sent) or skipped with the reason. The order route records these rows in the same
 * transaction as the order, and answers the shop with them.
 *
 * The common rules (configured, data sharing on, consent, mapping) come first; then each
 * destination's own eligibility (`Destination.plan`): AdRoll's attribution window and grace
 * period, Neuroon's searchLogId.
 */
import { DESTINATIONS } from '../destinations/registry.js';
import type { AnyDestination } from '../destinations/types.js';
import type {
  DestinationSettings,
  NewOutboxRow,
  StoredEvent,
  StoredOrder,
  Visitor,
} from '../storage/types.js';
import { scrubbedPayload } from '../storage/outbox-rules.js';
import { inheritFromOrder, notCounted, type RefundOrigin } from '../orders/refund-origin.js';
import { buildConversion } from './conversion.js';

export interface PlanInput {
  order: StoredOrder;
  visitor: Visitor | undefined;
  /** The purchase beacon with the order's event ID, if it arrived before the order. */
  beacon: StoredEvent | undefined;
  /** Settings of every destination the shop has configured. */
  settings: DestinationSettings[];
  /** Names of the destinations Tandem knows (the registry's keys). */
  destinations: readonly string[];
  now: number;
  /** The destination implementations; the registry's unless a test passes its own. */
  registry?: readonly AnyDestination[];
  /** The order's full client IP: only pending rows carry it, skipped ones the truncated form. */
  clientIp?: string;
  /** For a refund: the purchase it belongs to (`orders/refund-origin.ts`). */
  origin?: RefundOrigin;
}

export function planOutbox(input: PlanInput): NewOutboxRow[] {
  const { order, visitor, beacon, now } = input;
  const registry = input.registry ?? DESTINATIONS;
  return input.destinations.map((destination): NewOutboxRow => {
    const settings = input.settings.find((s) => s.destination === destination);
    const platformEvent = settings?.mapping[order.kind] ?? '';
    const own = buildConversion(order, visitor, beacon, platformEvent, input.clientIp);
    const payload = input.origin ? inheritFromOrder(own, input.origin, destination) : own;
    const skip = (reason: string): NewOutboxRow => ({
      destination,
      eventId: order.eventId,
      payload: scrubbedPayload(payload) ?? payload,
      status: 'skipped',
      reason,
      nextAttemptAt: now,
    });
    const impl = registry.find((d) => d.name === destination);
    if (!impl) return skip('unknown destination');
    if (!settings) return skip('not configured');
    if (!settings.enabled) return skip('data sharing is off');
    if (!order.consent.ads) return skip('no ad consent');
    if (order.consent.gpc) return skip('Global Privacy Control');
    if (!platformEvent) return skip(`event "${order.kind}" is not mapped`);
    if (order.kind === 'refund' && impl.purchaseEvents?.includes(platformEvent))
      return skip(`a refund is never sent as "${platformEvent}" (it would count as revenue)`);
    const uncounted = input.origin && notCounted(input.origin, destination);
    if (uncounted) return skip(uncounted);
    const options = impl.options.safeParse(settings.options);
    if (!options.success)
      return skip(`settings are incomplete: ${options.error.issues[0]?.message ?? 'invalid'}`);
    const decision = impl.plan(payload, options.data, now);
    if (decision.kind === 'skipped') return skip(decision.reason);
    return {
      destination,
      eventId: order.eventId,
      payload,
      status: 'pending',
      nextAttemptAt: now + (decision.delayMs ?? 0),
      // A delay is the grace period for the destination's pixel: the dashboard says so until then.
      ...(decision.delayMs ? { reason: waitingForPixel(impl.title) } : {}),
    };
  });
}

/** The reason of a row held back for its destination's pixel (the dashboard reads it). */
export function waitingForPixel(title: string): string {
  return `waiting for ${title}'s pixel`;
}
