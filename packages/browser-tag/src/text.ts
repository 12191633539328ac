/** A string the collector accepts (1 to `max` characters; numbers become strings), or undefined. */
export const fit = (v: unknown, max = 200): string | undefined => {
  const s = typeof v == 'number' ? '' + v : v;
  return typeof s == 'string' && s && s.length <= max ? s : undefined;
};

/** A random event or visitor ID: four 32-bit values from the browser's CSPRNG, in base 36. */
export const randomId = (): string =>
  Array.from(crypto.getRandomValues(new Uint32Array(4)), (n) => n.toString(36)).join('');
