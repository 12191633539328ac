/**
 * Purchases (an extra: loaded when a page tracks one). The event ID is derived from the order ID
 * with the function the collector uses, and a browser tracks each purchase once: a reloaded
 * thank-you page must not make AdRoll, which has no dedup of its own, count the order twice.
 */
import { load, PURCHASES, save } from './store.js';

export { purchaseEventId } from '@tandem/protocol/event-id';

/** True the first time this browser tracks purchase `id` (remembers the last 20). */
export function firstTime(id: string): boolean {
  const seen = load<string>(PURCHASES, String);
  if (seen.includes(id)) return false;
  save(PURCHASES, seen.concat(id).slice(-20));
  return true;
}
