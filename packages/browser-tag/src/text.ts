/** A string the collector accepts (1 to `max` characters; numbers become strings), or undefined. */
export const fit = (v: unknown, max = 200): string | undefined => {
  const s = typeof v == 'number' ? '' + v : v;
  return typeof s == 'string' && s && s.length <= max ? s : undefined;
};

/** A random event ID: a nanoid (21 URL-safe characters, 126 bits from the browser's CSPRNG). */
export { nanoid as randomId } from 'nanoid';
