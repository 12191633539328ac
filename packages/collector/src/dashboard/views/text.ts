/**
 * Text for values read back from storage. Outbox payloads are snapshots written by any version of
 * the collector (or by hand), so a page shows what it cannot format as plain text rather than
 * failing: `new Date(x).toISOString()` throws a RangeError for a time outside JavaScript's range.
 */

/** Any stored value as text: strings as they are, other values as JSON, nothing as ''. */
export function text(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
    return String(value);
  }
  try {
    return JSON.stringify(value) ?? Object.prototype.toString.call(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}

/** An epoch-ms time as `YYYY-MM-DD HH:MM` (UTC), or the value and "(not a date)". */
export function utcMinute(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : undefined;
  if (date && Number.isFinite(date.getTime())) return date.toISOString().slice(0, 16).replace('T', ' ');
  return `${text(time)} (not a date)`;
}

/** An epoch-ms time as `YYYY-MM-DD HH:MM:SS` (UTC), or the value and "(not a date)". */
export function utcSecond(time: unknown): string {
  const date = typeof time === 'number' ? new Date(time) : undefined;
  if (date && Number.isFinite(date.getTime())) return date.toISOString().slice(0, 19).replace('T', ' ');
  return `${text(time)} (not a date)`;
}
