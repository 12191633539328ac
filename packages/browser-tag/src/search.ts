/**
 * Neuroon search clicks: one bounded map productId -> searchLogId, most recent first, kept in a
 * longer-lived cookie than the widget's session cookie so a purchase in a later session still
 * attributes. Fed by `searchClick`, the widget's `neuroon_clicks` cookie and a `searchLogId` URL
 * parameter (with the product in `productId` or `product_id`).
 */
import { NEUROON_WIDGET_COOKIE, SEARCH_COOKIE } from '@tandem/protocol/cookies';
import type { SearchClicks } from '@tandem/protocol';
import { fit } from './fit.js';
import { getCookie, setCookie } from './cookie.js';

let clicks: [string, string][] = [];

/** Records a click as the most recent; ignores IDs the collector would refuse. Keeps 20. */
export function addSearchClick(product: unknown, searchLog: unknown): void {
  const p = fit(product, 100);
  const s = fit(searchLog, 100);
  if (p && s) clicks = [[p, s] as [string, string]].concat(clicks.filter((c) => c[0] != p)).slice(0, 20);
}

/**
 * The pairs of a JSON map cookie in the order written. `JSON.parse` would move numeric keys (most
 * product IDs) to the front and lose which click was the most recent. Malformed parts are skipped.
 */
export function cookiePairs(name: string): string[][] {
  const pairs: string[][] = [];
  for (const m of (getCookie(name) || '').matchAll(/("(?:\\.|[^"\\])*")\s*:\s*("(?:\\.|[^"\\])*"|[\w.-]+)/g))
    try {
      pairs.push([JSON.parse(m[1]!), m[2]![0] == '"' ? JSON.parse(m[2]!) : m[2]]);
    } catch {
      // a broken escape: skip this pair, keep the rest
    }
  return pairs;
}

/** Loads the stored clicks, then what this page adds (the widget's cookie, the URL). */
export function loadSearchClicks(query: URLSearchParams): void {
  for (const [p, s] of cookiePairs(SEARCH_COOKIE).reverse().concat(cookiePairs(NEUROON_WIDGET_COOKIE)))
    addSearchClick(p, s);
  addSearchClick(query.get('productId') ?? query.get('product_id'), query.get('searchLogId'));
}

/** Writes the map in order, dropping the oldest clicks until it is far inside a cookie's 4 KB. */
export function saveSearchClicks(): void {
  let text;
  while (
    encodeURIComponent((text = `{${clicks.map((c) => c.map((x) => JSON.stringify(x)).join(':'))}}`)).length >
    1500
  )
    clicks.pop();
  if (clicks[0]) setCookie(SEARCH_COOKIE, text, 'search');
}

export const searchClicks = (): SearchClicks | undefined =>
  clicks[0] ? Object.fromEntries(clicks) : undefined;
