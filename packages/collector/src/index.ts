/**
 * @module
 * Tandem's collector core: `createCollector(config, deps)` returns a Hono app to mount on the
 * shop's own domain. Node-specific pieces (SQLite, the CLI) live in `@tandem/collector/node`.
 */
export { createCollector, type CollectorDeps } from './app.js';
export { CollectorConfig, ConfigError, parseConfig, type CollectorConfigInput } from './config.js';
export { memoryStorage } from './storage/memory.js';
export type * from './storage/types.js';
