import { isShopEvent, SHOP_EVENTS } from '../../events/names.js';

export { SHOP_EVENTS };

/**
 * Reads the mapping form into one mapping (shop event -> platform event). Rows marked for
 * removal and blank rows drop out; a shop event mapped twice is an error, never a silent pick,
 * and so is a shop event Tandem never sends. Many shop events may map to one platform event.
 */
export type MappingResult = { ok: true; mapping: Record<string, string> } | { ok: false; message: string };

export function readMapping(
  shop: string[],
  platform: string[],
  remove: string[],
  platformEvents: readonly string[],
): MappingResult {
  const removed = new Set(remove);
  const mapping: Record<string, string> = {};
  for (let i = 0; i < Math.max(shop.length, platform.length); i++) {
    if (removed.has(String(i))) continue;
    const from = (shop[i] ?? '').trim();
    const to = (platform[i] ?? '').trim();
    if (!from && !to) continue;
    if (!from) return { ok: false, message: `Row ${i + 1}: choose the shop event that maps to "${to}".` };
    if (!to) return { ok: false, message: `Row ${i + 1}: choose the platform event for "${from}".` };
    if (!isShopEvent(from)) {
      return {
        ok: false,
        message: `Row ${i + 1}: Tandem never sends "${from}": only ${SHOP_EVENTS.join(', ')} create deliveries. Remove the row.`,
      };
    }
    if (!platformEvents.includes(to)) {
      return { ok: false, message: `Row ${i + 1}: "${to}" is not an event this platform accepts.` };
    }
    if (Object.hasOwn(mapping, from)) {
      return { ok: false, message: `Shop event "${from}" is mapped twice; keep one row for it.` };
    }
    mapping[from] = to;
  }
  return { ok: true, mapping };
}
