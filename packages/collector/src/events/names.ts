/**
 * The shop events Tandem delivers (`@tandem/protocol`'s `shop-events.ts`, shared with the tag):
 * nothing else creates an outbox row.
 */
export {
  SERVER_EVENTS,
  SHOP_EVENTS,
  isShopEvent,
  type ServerEvent,
  type ShopEvent,
} from '@tandem/protocol/shop-events';
