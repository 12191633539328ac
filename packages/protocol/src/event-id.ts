/**
 * Event IDs shared by the browser and server paths.
 *
 * A purchase's ID is derived from its order ID, so the thank-you page and the order webhook agree
 * without talking to each other. Meta dedups pixel and Conversions API events on
 * (event_name, event_id); Tandem's outbox dedups on (destination, event_id).
 *
 * The derivation: NFC-normalize and trim the order ID, then run four chained 32-bit
 * multiply-xor passes over its UTF-16 code units (each lane starts from the previous lane's state
 * mixed with the lane number, and ends with a murmur-style finalizer), each written in base 36
 * padded to 7 characters: `o_` + 28 characters, 128 bits of hash state. It is not cryptographic
 * (order IDs are not secret, and a collision only merges one shop's own two orders); it is pure,
 * has no dependency, costs the tag few bytes, and runs unchanged in the browser (no SubtleCrypto:
 * storefronts on plain http have none) and on the server.
 *
 * @example
 * purchaseEventId('1001') // 'o_...' (the shared vector lives in event-id.test.ts)
 */
export function purchaseEventId(orderId: string): string {
  return hashedId('o_', String(orderId).normalize('NFC').trim());
}

/**
 * The event ID of a shop event other than an order (`lead`, `sign_up`, ...), from its name and
 * the shop's own ID for it (lead ID, account ID): `e_` + the same 28 characters over
 * `name + '\u0000' + id`, each part NFC-normalized and trimmed. The tag and the server derive it
 * alike, so the pixel's event and the server's share one ID, as purchases do.
 *
 * @example
 * shopEventId('lead', 'L-42') // 'e_...'
 */
export function shopEventId(eventName: string, shopId: string): string {
  const part = (text: string) => String(text).normalize('NFC').trim();
  return hashedId('e_', `${part(eventName)}\u0000${part(shopId)}`);
}

function hashedId(prefix: string, key: string): string {
  let id = prefix;
  for (let lane = 1, h = 0; lane < 5; lane++) {
    h = Math.imul(h ^ lane, 0x9e3779b1);
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x5bd1e995);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h ^= h >>> 13;
    id += (h >>> 0).toString(36).padStart(7, '0');
  }
  return id;
}
