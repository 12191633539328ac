/**
 * Late context: a conversion's page URL, user agent and IP come from the order when the shop sent
 * them, else from its own visitor's purchase beacon, or that visitor's newest beacon, read at send
 * time (the beacon often arrives after the order). Never from another visitor's.
 *
 * A destination that requires a field (`Destination.context`) waits for it within its grace
 * period; after that it sends with the fallback page URL where the platform takes one, or skips
 * the conversion with the reason.
 */
import type { StoredEvent } from '../storage/types.js';
import type { Conversion } from './conversion.js';

export type ContextField = 'pageUrl' | 'ip' | 'userAgent';

/** What a platform requires of every event, and how long it waits for a beacon to bring it. */
export interface ContextNeeds {
  required: readonly ContextField[];
  graceMs: number;
  /** Page URL sent when none is known after the grace (the platform accepts a stand-in). */
  fallbackPageUrl?: string;
}

export type ContextDecision =
  | { kind: 'ready'; c: Conversion }
  | { kind: 'wait'; until: number; reason: string }
  | { kind: 'skip'; reason: string };

const LABELS: Record<ContextField, string> = {
  pageUrl: 'page URL',
  ip: 'client IP',
  userAgent: 'user agent',
};

/** How often a waiting conversion looks for its beacon again. */
export const CONTEXT_POLL_MS = 1_000;

export const missingContext = (c: Conversion, fields: readonly ContextField[]): ContextField[] =>
  fields.filter((f) => !c[f]);

/** Fills what the conversion lacks from a beacon of its own visitor (full IP only: never a truncated one). */
export function withBeaconContext(c: Conversion, beacon: StoredEvent | undefined): Conversion {
  if (!beacon || c.visitorId === undefined || beacon.visitorId !== c.visitorId) return c;
  return {
    ...c,
    ...(!c.pageUrl && beacon.url && { pageUrl: beacon.url }),
    ...(!c.ip && beacon.fullIp && { ip: beacon.fullIp }),
    ...(!c.userAgent && beacon.userAgent && { userAgent: beacon.userAgent }),
  };
}

export interface ContextSources {
  /** The conversion's own purchase beacon, when it came from the conversion's visitor. */
  purchase: StoredEvent | undefined;
  /** The visitor's newest beacon; read only once the grace is over. */
  latest: () => Promise<StoredEvent | undefined>;
  /** The shop's origin, for the default fallback page URL (`<origin>/`). */
  shopOrigin: () => Promise<string | undefined>;
}

export async function resolveContext(
  c: Conversion,
  needs: ContextNeeds,
  title: string,
  sources: ContextSources,
  now: number,
): Promise<ContextDecision> {
  let next = withBeaconContext(c, sources.purchase);
  const lacking = missingContext(next, needs.required);
  if (lacking.length === 0) return { kind: 'ready', c: next };
  const names = lacking.map((f) => LABELS[f]).join(', ');
  const deadline = c.time + needs.graceMs;
  if (now < deadline)
    return {
      kind: 'wait',
      until: Math.min(deadline, now + CONTEXT_POLL_MS),
      reason: `waiting for the visitor's beacon to bring the ${names}`,
    };
  if (c.visitorId !== undefined) next = withBeaconContext(next, await sources.latest());
  if (!next.pageUrl && needs.required.includes('pageUrl')) {
    const origin = needs.fallbackPageUrl ? undefined : await sources.shopOrigin();
    const fallback = needs.fallbackPageUrl ?? (origin && `${origin}/`);
    if (fallback) next = { ...next, pageUrl: fallback };
  }
  const still = missingContext(next, needs.required);
  if (still.length === 0) return { kind: 'ready', c: next };
  return {
    kind: 'skip',
    reason: `no ${still.map((f) => LABELS[f]).join(', ')} (${title} requires it): the order carried none and no beacon of its visitor brought it within ${Math.round(needs.graceMs / 1000)} s`,
  };
}
