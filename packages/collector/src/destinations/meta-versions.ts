/**
 * Graph API versions Meta has published, with the date each stops working where Meta published
 * one (Meta's changelog, checked 2026-12-04). `tandem check` and the dashboard warn when the
 * configured version expires within `WARN_DAYS`. Add a row when Meta releases a version.
 */

/** The version new Meta destinations use. */
export const CURRENT_GRAPH_VERSION = 'v26.0';

/** Days before a version's expiry from which it is warned about. */
export const WARN_DAYS = 90;

export const GRAPH_VERSIONS: Readonly<Record<string, { released?: string; availableUntil?: string }>> = {
  'v26.0': { released: '2026-07-29' },
  'v25.0': { availableUntil: '2028-07-29' },
  'v24.0': { availableUntil: '2028-02-18' },
  'v23.0': { availableUntil: '2027-10-08' },
  'v22.0': { availableUntil: '2027-05-20' },
  'v21.0': { availableUntil: '2027-01-21' },
};

const DAY = 86_400_000;

/**
 * Why `version` needs attention at `now`, or undefined: it expires within `WARN_DAYS` days, has
 * expired, or is older than every version in the table (so it has most likely expired).
 */
export function graphVersionWarning(version: string, now: number): string | undefined {
  const fix = `set apiVersion to ${CURRENT_GRAPH_VERSION}`;
  const known = GRAPH_VERSIONS[version];
  if (!known) {
    const major = Number(/^v(\d+)\./.exec(version)?.[1]);
    const oldest = Math.min(...Object.keys(GRAPH_VERSIONS).map((v) => Number(v.slice(1, v.indexOf('.')))));
    return major < oldest
      ? `Meta Graph API ${version} is older than every version still published; ${fix}`
      : undefined;
  }
  if (!known.availableUntil) return undefined;
  const until = Date.parse(`${known.availableUntil}T00:00:00Z`);
  const days = Math.ceil((until - now) / DAY);
  if (days <= 0) return `Meta Graph API ${version} expired on ${known.availableUntil}; ${fix}`;
  if (days <= WARN_DAYS)
    return `Meta Graph API ${version} expires on ${known.availableUntil} (in ${days} days); ${fix}`;
  return undefined;
}
