/**
 * @module
 * Tandem's collector core: `createCollector(config, deps)` returns a Hono app to mount on the
 * shop's own domain, `startDelivery(options)` delivers its orders to the ad platforms, and
 * `dashboardRoutes` is the marketer's dashboard to pass as its `admin`. Node-specific pieces
 * (SQLite, the server, the SDK, the CLI) live in `@tandem/collector/node`.
 */
export { createCollector, type Collector, type CollectorDeps } from './app.js';
export {
  CollectorConfig,
  ConfigError,
  parseConfig,
  type CollectorConfigInput,
  type ConfigProblem,
} from './config.js';
export { OrderInput, type DestinationPlan, type OrderKind, type OrderReceipt } from './orders/schema.js';
export { orderEventId } from './orders/record.js';
export { TandemRequestError } from './orders/errors.js';
export { readIdentity, type CookieIdentity } from './identity/cookies.js';
export * as privacy from './privacy/index.js';
export { memoryStorage } from './storage/memory.js';
export { dashboardRoutes, settingsService, type DashboardDeps } from './dashboard/index.js';
export {
  createTokenBox,
  generateTokenKey,
  parseTokenKeys,
  TokenKeyError,
  type TokenBox,
  type TokenKey,
} from './delivery/secrets.js';
export { startDelivery, type DeliveryOptions, type RunningDelivery } from './delivery/start.js';
export {
  createDeliveryEngine,
  type DeliveryEngine,
  type EngineDeps,
  type EngineNote,
  type RoundReport,
} from './delivery/engine.js';
export { saveDestinationSettings, SettingsError, type SettingsPatch } from './delivery/settings.js';
export { DESTINATIONS, destinationNames, findDestination } from './destinations/registry.js';
export type { AnyDestination, Destination } from './destinations/types.js';
export type { RetryPolicy } from './delivery/backoff.js';
export type * from './storage/types.js';
