/**
 * Text the collector stores must be valid Unicode. Invalid UTF-8 bytes are refused when the body is
 * decoded (`read-body.ts`); JSON can still smuggle a lone surrogate in as an escape (`"\ud800"`),
 * which SQLite would then store as invalid UTF-8. Both are refused the same way: 400
 * `invalid_unicode`, with where the bad text is.
 */

/** A UTF-16 surrogate not paired with its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The JSON path (`events.0.name`) of the first string or key holding a lone surrogate, if any. */
export function loneSurrogatePath(value: unknown, path: string[] = []): string | undefined {
  const here = () => path.join('.') || '(body)';
  if (typeof value === 'string') return LONE_SURROGATE.test(value) ? here() : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    if (LONE_SURROGATE.test(key)) return [...path, key].join('.');
    const found = loneSurrogatePath(item, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The byte offset of the first invalid UTF-8 sequence in `bytes` (they are known to hold one). */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  // The lenient decoder replaces each bad sequence with U+FFFD; re-encoded, the text first differs
  // from the input where the first bad sequence starts (a real U+FFFD re-encodes to itself).
  const again = new TextEncoder().encode(new TextDecoder('utf-8').decode(bytes));
  let i = 0;
  while (i < bytes.length && bytes[i] === again[i]) i++;
  return i;
}

/** The 400 both routes answer, with `where` the JSON path or the body's byte offset. */
export function unicodeProblem(where: string) {
  return {
    code: 'invalid_unicode',
    message: 'Text must be valid Unicode: a lone surrogate or an invalid UTF-8 sequence is not.',
    where,
    fix: 'Send UTF-8 text; replace unpaired surrogates (e.g. with String.prototype.toWellFormed).',
  } as const;
}

/** `where` for a body whose bytes are not UTF-8. */
export const byteWhere = (offset: number) => `(body) byte ${offset}`;
