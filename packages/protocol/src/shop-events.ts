/**
 * The shop events Tandem delivers: confirmed orders and refunds (`/orders`, `/refunds`) and the
 * server-side conversion events (`/events`). A destination's mapping goes from these names to the
 * platform's events, on both paths: the collector sends only mapped events, and the tag's extras
 * give each pixel a shop event under the same mapped name (`TagConfig.map`).
 */

/** Conversions other than orders, sent by the shop's backend with its own ID for each. */
export const SERVER_EVENTS = ['lead', 'sign_up', 'subscribe', 'start_trial', 'contact'] as const;
export type ServerEvent = (typeof SERVER_EVENTS)[number];

export const SHOP_EVENTS = ['purchase', 'refund', ...SERVER_EVENTS] as const;
export type ShopEvent = (typeof SHOP_EVENTS)[number];

export const isShopEvent = (name: string): name is ShopEvent =>
  (SHOP_EVENTS as readonly string[]).includes(name);
