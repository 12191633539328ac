/**
 * Neuroon search clicks as the collector keeps them: one map productId -> searchLogId, most recent
 * first, rebuilt on every identified beacon from the batch's clicks and the shop's cookies, stored
 * on the visitor and re-issued as Tandem's `_tdm_sl` cookie. That cookie outlives the widget's
 * session cookie, so a purchase in a later session still attributes.
 *
 * The map travels as ordered pairs, never as a plain object: an object moves integer-like keys
 * (most product IDs) to the front and would lose which click was the most recent.
 */
import { COOKIES, type BeaconBatch } from '@tandem/protocol';

/** One click, `[productId, searchLogId]`. Lists of pairs run most recent first. */
export type SearchPair = [product: string, searchLog: string];

/** Products kept in the map (and in `_tdm_sl`). */
export const MAX_SEARCH_PRODUCTS = 20;
/** Bytes of the URL-encoded `_tdm_sl` value; far inside a cookie's 4 KB beside the shop's own. */
export const MAX_SEARCH_COOKIE_BYTES = 1500;
/** Longer text is no cookie the widget or Tandem wrote; it is not scanned at all. */
const MAX_COOKIE_TEXT = 4096;

/** A bare (unquoted) value, such as a number: the widget never writes one, but JSON may hold it. */
const BARE = /[\w.-]+/y;
/** A surrogate half without its other half: `encodeURIComponent` (and so the cookie) throws. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** An ID as the tag's `fit` took it: a string, or a finite number as its text. */
function idText(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' ? value : undefined;
}

/**
 * An ID the protocol's `SearchClicks` accepts (1 to 100 code points, as zod counts them; a test
 * holds the two together) that can also be written into a cookie. Checked by hand: a zod parse per
 * pair cost about 8 us, and a beacon checks some 40 pairs.
 */
export const validSearchId = (id: string): boolean =>
  id.length >= 1 &&
  (id.length <= 100 || (id.length <= 200 && [...id].length <= 100)) &&
  !LONE_SURROGATE.test(id);

const validPair = (product: string, searchLog: string) => validSearchId(product) && validSearchId(searchLog);

/** Index just past the JSON string that opens at `start`, or -1 when it never closes. */
function stringEnd(text: string, start: number): number {
  for (let i = start + 1; i < text.length; i++)
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  return -1;
}

/** Characters that make a quoted string worth `JSON.parse`: escapes, and controls it refuses. */
// eslint-disable-next-line no-control-regex -- finding the controls JSON refuses is the point
const NOT_PLAIN = /[\\\x00-\x1f]/;

/** A quoted JSON string's value, parsed only when it is not plain (a per-pair parse is costly). */
function jsonString(quoted: string): unknown {
  return NOT_PLAIN.test(quoted) ? JSON.parse(quoted) : quoted.slice(1, -1);
}

function skipSpace(text: string, i: number): number {
  while (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r') i++;
  return i;
}

/**
 * The pairs of a JSON-map cookie in the order written. Accepts the value URL-encoded (as the
 * browser sends it) or already decoded (as hono's cookie parser and the Node SDK hand it over).
 * A malformed part is skipped and the rest kept, as the tag's reader did. One pass over the text
 * (a pair regex retried at every quote is quadratic on hostile cookies).
 */
export function cookiePairs(value: string | undefined): SearchPair[] {
  if (!value || value.length > MAX_COOKIE_TEXT) return [];
  let text = value;
  if (!text.trimStart().startsWith('{'))
    try {
      text = decodeURIComponent(text);
    } catch {
      return [];
    }
  const pairs: SearchPair[] = [];
  for (let at = text.indexOf('"'); at >= 0; at = text.indexOf('"', at)) {
    const keyEnd = stringEnd(text, at);
    if (keyEnd < 0) break;
    const colon = skipSpace(text, keyEnd);
    if (text[colon] !== ':') {
      at = keyEnd;
      continue;
    }
    const start = skipSpace(text, colon + 1);
    BARE.lastIndex = start;
    const end = text[start] === '"' ? stringEnd(text, start) : BARE.test(text) ? BARE.lastIndex : start;
    if (end < 0) break;
    if (end > start)
      try {
        const product = jsonString(text.slice(at, keyEnd));
        const raw = text.slice(start, end);
        const searchLog = raw.startsWith('"') ? jsonString(raw) : raw;
        if (typeof product === 'string' && typeof searchLog === 'string') pairs.push([product, searchLog]);
      } catch {
        // a broken escape: skip this pair, keep the rest
      }
    at = Math.max(end, colon + 1);
  }
  return pairs;
}

/**
 * Merges lists that each run most recent first, the newest list first: a product keeps its most
 * recent searchLogId and its place. Invalid IDs are ignored; at most `limit` products are kept.
 */
export function mergeSearchClicks(lists: Iterable<SearchPair>[], limit = Infinity): SearchPair[] {
  const map = new Map<string, string>();
  for (const list of lists)
    for (const [product, searchLog] of list) {
      if (map.size >= limit) return [...map];
      if (!map.has(product) && validPair(product, searchLog)) map.set(product, searchLog);
    }
  return [...map];
}

/**
 * The one rule for the shop's two search cookies, used by beacons and orders alike. The widget's
 * session cookie `neuroon_clicks` holds this session's clicks, written in click order (its last
 * pair is its newest), so for the same product it is newer than Tandem's longer-lived `_tdm_sl`
 * (written most recent first), which only holds what earlier beacons saw.
 */
export function cookieSearchClicks(
  cookies: Record<string, string | undefined>,
  limit = Infinity,
  /** Every `_tdm_sl` the request carried, newest first, when the raw header is at hand. */
  searchCopies = [cookies[COOKIES.search]],
): SearchPair[] {
  const widget = cookiePairs(cookies[COOKIES.neuroonWidget]).reverse();
  return mergeSearchClicks([widget, ...searchCopies.map((copy) => cookiePairs(copy))], limit);
}

/**
 * The clicks a batch reports, most recent first: `searchClick` events (`product_id`,
 * `search_log_id`) and any event whose page URL has a `searchLogId` parameter (the product in
 * `productId` or `product_id`). Events are in the order they happened, so a later one wins.
 */
export function batchSearchClicks(events: BeaconBatch['events']): SearchPair[] {
  const clicks: Array<[unknown, unknown]> = [];
  for (const event of events) {
    const query = event.url.includes('searchLogId') ? urlQuery(event.url) : undefined;
    const fromUrl = query?.get('searchLogId');
    if (fromUrl) clicks.push([query!.get('productId') ?? query!.get('product_id'), fromUrl]);
    // The click happens on the page, after the page's own URL was seen.
    if (event.name === 'searchClick') clicks.push([event.props?.product_id, event.props?.search_log_id]);
  }
  const pairs: SearchPair[] = [];
  for (const [product, searchLog] of clicks.reverse()) {
    const p = idText(product);
    const s = idText(searchLog);
    if (p !== undefined && s !== undefined) pairs.push([p, s]);
  }
  return pairs;
}

function urlQuery(url: string): URLSearchParams | undefined {
  try {
    return new URL(url, 'https://page.invalid').searchParams;
  } catch {
    return undefined;
  }
}

/** The JSON object text of the map, keys in recency order (`{"p2":"s2","p1":"s1"}`). */
export function searchCookieText(pairs: SearchPair[]): string {
  return `{${pairs.map(([p, s]) => `${JSON.stringify(p)}:${JSON.stringify(s)}`).join(',')}}`;
}

/** At most 20 products, and a `_tdm_sl` of at most 1,500 bytes URL-encoded: the oldest go first. */
export function boundSearchClicks(pairs: SearchPair[]): SearchPair[] {
  const kept = pairs.slice(0, MAX_SEARCH_PRODUCTS);
  while (kept.length > 0 && encodeURIComponent(searchCookieText(kept)).length > MAX_SEARCH_COOKIE_BYTES)
    kept.pop();
  return kept;
}

/**
 * A beacon's map, most recent first: this batch's clicks, then the map an older tag sent in the
 * body, then the shop's cookies (see `cookieSearchClicks`; `searchCopies` from `cookieCopies`).
 * Bounded for the cookie.
 */
export function beaconSearchClicks(
  batch: Pick<BeaconBatch, 'events' | 'search'>,
  cookies: Record<string, string | undefined>,
  searchCopies?: string[],
): SearchPair[] {
  const lists = [batchSearchClicks(batch.events), Object.entries(batch.search ?? {})];
  const fromCookies = cookieSearchClicks(cookies, MAX_SEARCH_PRODUCTS, searchCopies);
  return boundSearchClicks(mergeSearchClicks([...lists, fromCookies], MAX_SEARCH_PRODUCTS));
}
