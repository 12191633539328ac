/**
 * Neuroon search clicks: one bounded list of [productId, searchLogId], most recent first, kept in a
 * longer-lived cookie than the widget's session cookie so a purchase in a later session still
 * attributes. Fed by `searchClick`, the widget's `neuroon_clicks` cookie and a `searchLogId` URL
 * parameter (with the product in `productId` or `product_id`). The cookie holds a JSON list of
 * pairs, not a map: a map would move numeric product IDs to the front and lose the order.
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

/** The entries of a JSON cookie, or none when it is missing or malformed. */
const entries = (name: string): unknown[][] => {
  try {
    return Object.entries(JSON.parse(getCookie(name)!)).map((e) => (Array.isArray(e[1]) ? e[1] : e));
  } catch {
    return [];
  }
};

/** Loads the stored clicks, then what this page adds (the widget's cookie, the URL). */
export function loadSearchClicks(query: URLSearchParams): void {
  for (const [p, s] of entries(SEARCH_COOKIE).reverse().concat(entries(NEUROON_WIDGET_COOKIE)))
    addSearchClick(p, s);
  addSearchClick(query.get('productId') ?? query.get('product_id'), query.get('searchLogId'));
}

/** Writes the clicks, dropping the oldest until the cookie is far inside a browser's 4 KB. */
export function saveSearchClicks(): void {
  while (encodeURIComponent(JSON.stringify(clicks)).length > 1500) clicks.pop();
  if (clicks[0]) setCookie(SEARCH_COOKIE, JSON.stringify(clicks), 'search');
}

export const searchClicks = (): SearchClicks | undefined =>
  clicks[0] ? Object.fromEntries(clicks) : undefined;
