/**
 * Event IDs shared by the browser and server paths.
 *
 * A purchase's ID is derived from its order ID, so the thank-you page and the order webhook agree
 * without talking to each other. Meta dedups pixel and Conversions API events on
 * (event_name, event_id); Tandem's outbox dedups on (destination, event_id).
 *
 * The derivation: NFC-normalize and trim the order ID, then hash it with two 53-bit seeded
 * string hashes (cyrb53), written in base 36 and padded: `o_` + 11 + 11 chars. It is pure, has
 * no dependency, and runs unchanged in the browser (no SubtleCrypto: storefronts on plain
 * http have none) and on the server.
 *
 * @example
 * purchaseEventId('1001') // 'o_...' (the shared vector lives in event-id.test.ts)
 */

function cyrb53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

const part = (text: string, seed: number): string => cyrb53(text, seed).toString(36).padStart(11, '0');

/** The event ID of the purchase for `orderId` (both paths compute the same value). */
export function purchaseEventId(orderId: string): string {
  const key = String(orderId).normalize('NFC').trim();
  return 'o_' + part(key, 1) + part(key, 2);
}
