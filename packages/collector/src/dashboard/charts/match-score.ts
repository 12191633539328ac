/**
 * Match quality as a 0-10 score per destination: the identifiers each conversion sent to it
 * carried, weighted by how much the platform says each helps it match a conversion to a person,
 * with the two changes that would raise the score most. Weights per platform sum to 10, so a
 * score is "the share of the possible matching signal the conversions carried".
 *
 * Sources for the weights (what each platform matches on, and which keys it ranks highest):
 * - Meta: "Customer information parameters" of the Conversions API, and "About event match
 *   quality" (email and phone weigh most; external ID, click ID `fbc`, browser ID `fbp`, IP and
 *   user agent help; name and address add little once email is there). See DELIVERY.md, Meta.
 * - AdRoll: the server-side events API matches on `adct` (the ad click), `email_sha256` and
 *   `first_party_cookie`, with IP and user agent as weaker signals. See DELIVERY.md, AdRoll.
 * - Neuroon: a conversion counts only with its search's `searchLogId`.
 */
import { IDENTIFIERS, type Identifier } from './identifiers.js';
import type { IdentifierCounts } from './recovery.js';

export const WEIGHTS: Record<string, Partial<Record<Identifier, number>>> = {
  meta: {
    email: 2.5,
    phone: 1.5,
    externalId: 1,
    fbc: 1.5,
    fbp: 1,
    ip: 1,
    userAgent: 1,
    name: 0.25,
    address: 0.25,
  },
  adroll: { adct: 4, email: 3, adrollFpc: 1.5, ip: 1, userAgent: 0.5 },
  neuroon: { searchLogId: 10 },
};

/** What the shop can do about a missing identifier. */
export const ADVICE: Record<Identifier, { label: string; fix: string }> = {
  email: { label: 'email', fix: 'pass `email` in `recordOrder`' },
  phone: { label: 'phone', fix: 'pass `phone` in `recordOrder`' },
  externalId: {
    label: 'visitor ID',
    fix: 'pass the request in `recordOrder` so its cookies name the visitor',
  },
  name: { label: 'name', fix: 'pass `first_name` and `last_name` in `recordOrder`' },
  address: { label: 'address', fix: 'pass `city`, `zip` and `country` in `recordOrder`' },
  ip: { label: 'IP address', fix: 'pass the request in `recordOrder` (or `ip`)' },
  userAgent: { label: 'user agent', fix: 'pass the request in `recordOrder` (or `user_agent`)' },
  fbc: { label: 'Meta click ID (fbc)', fix: 'load the tag on landing pages so it keeps `fbclid` as `_fbc`' },
  fbp: { label: 'Meta browser ID (fbp)', fix: "load the tag with Meta's pixel so `_fbp` is set" },
  adct: { label: 'AdRoll click (adct)', fix: 'load the tag on landing pages so it keeps `adct`' },
  adrollFpc: { label: 'AdRoll cookie', fix: "load AdRoll's pixel through the tag so `__adroll_fpc` is set" },
  searchLogId: { label: 'Neuroon searchLogId', fix: 'load the tag on search result pages' },
};

export interface Hint {
  identifier: Identifier;
  /** Whole percent of conversions without it. */
  missing: number;
  text: string;
}

export interface MatchScore {
  /** 0-10 with one decimal, undefined without conversions. */
  score: number | undefined;
  hints: Hint[];
}

/** The score of conversions with these counts, for a destination with known weights. */
export function matchScore(destination: string, counts: IdentifierCounts): MatchScore {
  const weights = WEIGHTS[destination];
  if (!weights || counts.rows === 0) return { score: undefined, hints: [] };
  let score = 0;
  const gaps: Array<{ id: Identifier; loss: number; missing: number }> = [];
  for (const id of IDENTIFIERS) {
    const weight = weights[id];
    if (weight === undefined) continue;
    const share = counts.ids[id] / counts.rows;
    score += weight * share;
    if (share < 1) gaps.push({ id, loss: weight * (1 - share), missing: 1 - share });
  }
  gaps.sort((a, b) => b.loss - a.loss || a.id.localeCompare(b.id));
  return {
    score: Math.round(score * 10) / 10,
    hints: gaps.slice(0, 2).map((g) => {
      const missing = Math.round(g.missing * 100);
      const advice = ADVICE[g.id];
      return {
        identifier: g.id,
        missing,
        text: `${missing}% of conversions have no ${advice.label}: ${advice.fix}`,
      };
    }),
  };
}

/** Counts of both halves of the window together. */
export function mergeCounts(halves: readonly IdentifierCounts[]): IdentifierCounts {
  const ids = Object.fromEntries(IDENTIFIERS.map((id) => [id, 0])) as Record<Identifier, number>;
  let rows = 0;
  for (const h of halves) {
    rows += h.rows;
    for (const id of IDENTIFIERS) ids[id] += h.ids[id];
  }
  return { rows, ids };
}
