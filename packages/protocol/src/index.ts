export * from './beacon.js';
export * from './tag-config.js';
export { purchaseEventId, shopEventId } from './event-id.js';
export { COOKIES } from './cookies.js';
