export * from './beacon.js';
export * from './tag-config.js';
export { purchaseEventId } from './event-id.js';
export { COOKIES } from './cookies.js';
