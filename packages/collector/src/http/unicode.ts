/**
 * Text the collector stores must be valid Unicode. Invalid UTF-8 bytes are refused when the body is
 * decoded (`read-body.ts`); JSON can still smuggle a lone surrogate in as an escape (`"\ud800"`),
 * which SQLite would then store as invalid UTF-8. Both are refused the same way: 400
 * `invalid_unicode`, with where the bad text is.
 */

/** A UTF-16 surrogate not paired with its other half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * The JSON path (`events.0.name`) of the first string or key holding a lone surrogate, if any.
 * Iterative, and each node keeps only its key and parent (the path is built once, if found): a
 * hostile body may nest deeper than the call stack goes.
 */
export function loneSurrogatePath(value: unknown): string | undefined {
  interface Node {
    key: string;
    parent: Node | undefined;
  }
  const pathOf = (node: Node | undefined, last?: string) => {
    const keys = last === undefined ? [] : [last];
    for (let n = node; n; n = n.parent) keys.unshift(n.key);
    return keys.join('.') || '(body)';
  };
  const stack: Array<[unknown, Node | undefined]> = [[value, undefined]];
  while (stack.length > 0) {
    const [item, node] = stack.pop()!;
    if (typeof item === 'string') {
      if (LONE_SURROGATE.test(item)) return pathOf(node);
    } else if (typeof item === 'object' && item !== null) {
      const keys = Object.keys(item);
      for (const key of keys) if (LONE_SURROGATE.test(key)) return pathOf(node, key);
      // Pushed in reverse so the first field is looked at first.
      for (let i = keys.length - 1; i >= 0; i--)
        stack.push([(item as Record<string, unknown>)[keys[i]!], { key: keys[i]!, parent: node }]);
    }
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
