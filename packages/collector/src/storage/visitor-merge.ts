/**
 * How a beacon's news merges into the stored visitor. One pure function shared by every storage
 * implementation, so memory and SQLite agree on it by construction (and the contract checks it).
 */
import type { ClickIds } from '@tandem/protocol';
import type { Visitor, VisitorUpdate } from './types.js';

/** Search clicks kept per visitor: enough for a basket, bounded so a hostile tag cannot grow it. */
export const MAX_SEARCH_CLICKS = 50;

export function mergeVisitor(existing: Visitor | undefined, update: VisitorUpdate): Visitor {
  const at = update.seenAt;
  const base: Visitor = existing
    ? structuredClone(existing)
    : {
        id: update.id,
        firstSeen: at,
        lastSeen: at,
        clickIds: {},
        search: {},
        consent: update.consent,
        user: {},
      };
  // A beacon that arrives late (a retried batch) must not overwrite newer knowledge.
  const newest = at >= base.lastSeen;
  base.firstSeen = Math.min(base.firstSeen, at);
  base.lastSeen = Math.max(base.lastSeen, at);
  if (newest) base.consent = { ...update.consent };

  for (const [key, value] of Object.entries(update.ids ?? {}) as Array<
    [keyof ClickIds, string | undefined]
  >) {
    if (value === undefined) continue;
    const seen = base.clickIds[key];
    if (!seen) base.clickIds[key] = { value, firstSeen: at, lastSeen: at };
    else if (seen.value === value) {
      seen.firstSeen = Math.min(seen.firstSeen, at);
      seen.lastSeen = Math.max(seen.lastSeen, at);
    } else if (at >= seen.lastSeen) {
      // A different value is a new click: its window starts now.
      base.clickIds[key] = { value, firstSeen: at, lastSeen: at };
    }
  }

  if (update.search && Object.keys(update.search).length > 0) {
    // Most recent first: a newer beacon's clicks go in front, an older one's only fill gaps.
    const merged = newest
      ? { ...update.search, ...withoutKeys(base.search, update.search) }
      : { ...base.search, ...withoutKeys(update.search, base.search) };
    base.search = Object.fromEntries(Object.entries(merged).slice(0, MAX_SEARCH_CLICKS));
  }

  if (update.user) base.user = newest ? { ...base.user, ...update.user } : { ...update.user, ...base.user };
  return base;
}

function withoutKeys(from: Record<string, string>, keys: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(from).filter(([k]) => !(k in keys)));
}
