/**
 * Event IDs shared by the browser and server paths.
 *
 * A purchase's ID is derived from its order ID, and any other shop event's (a lead, a sign-up)
 * from its name and the shop's own ID for it, so the page and the shop's backend agree without
 * talking to each other. Meta dedups pixel and Conversions API events on (event_name, event_id);
 * Tandem's outbox dedups on (destination, event_id).
 *
 * The derivation: NFC-normalize and trim the key, then run four chained 32-bit multiply-xor passes
 * over its UTF-16 code units (each lane starts from the previous lane's state mixed with the lane
 * number, and ends with a murmur-style finalizer), each written in base 36 padded to 7 characters:
 * a two-character prefix + 28 characters, 128 bits of hash state. It is not cryptographic (shop IDs
 * are not secret, and a collision only merges one shop's own two events); it is pure, has no
 * dependency, costs the tag few bytes, and runs unchanged in the browser (no SubtleCrypto:
 * storefronts on plain http have none) and on the server.
 *
 * @example
 * purchaseEventId('1001') // 'o_...' (the shared vectors live in event-id.test.ts)
 * shopEventId('lead', 'L-77') // 'e_...'
 */

const LANES = 4;
const LANE_DIGITS = 7;

/** Unicode NFC, without surrounding white space: how every part of a key is compared. */
const normalize = (text: string): string => String(text).normalize('NFC').trim();

function derive(prefix: string, key: string): string {
  let id = prefix;
  let h = 0;
  for (let lane = 1; lane <= LANES; lane++) {
    h = Math.imul(h ^ lane, 0x9e3779b1);
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x5bd1e995);
    h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d);
    h ^= h >>> 13;
    id += (h >>> 0).toString(36).padStart(LANE_DIGITS, '0');
  }
  return id;
}

/** The event ID of the purchase of order `orderId`: `o_` + 28 characters. */
export function purchaseEventId(orderId: string): string {
  return derive('o_', normalize(orderId));
}

/**
 * The event ID of a non-purchase shop event (`lead`, `sign_up`, ...) from its name and the shop's
 * own ID for it (a lead ID, an account ID): `e_` + 28 characters. Each part is normalized on its
 * own and they are joined by U+0000, so no name and ID pair can stand for another.
 */
export function shopEventId(eventName: string, shopId: string): string {
  return derive('e_', normalize(eventName) + '\u0000' + normalize(shopId));
}
