export { createShop, snippet } from './shop.js';
export { startDemo, type RunningDemo } from './start.js';
