export { createShop, snippet, type ShopDeps } from './shop.js';
export { startDemo, type DemoOptions, type RunningDemo } from './start.js';
export { adClickUrl } from './ad-click.js';
export { PRODUCTS, CURRENCY, neuroonCatalog, type Product } from './catalog.js';
