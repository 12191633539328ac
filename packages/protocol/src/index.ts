export * from './beacon.js';
export * from './tag-config.js';
export { purchaseEventId, shopEventId } from './event-id.js';
export { COOKIES } from './cookies.js';
export { TIKTOK_STANDARD_EVENTS, type TiktokEvent } from './tiktok.js';
export { SERVER_EVENTS, SHOP_EVENTS, isShopEvent, type ServerEvent, type ShopEvent } from './shop-events.js';
