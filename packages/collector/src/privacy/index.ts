/** Normalizing, hashing and truncating personal data; reused by destinations. */
export * from './hash.js';
export * from './customer.js';
export { truncateIp } from './ip.js';
