/**
 * @module
 * The Node adapter: SQLite storage, a standalone server, the in-process SDK and an HTTP client
 * for backends. Only this folder reads the environment, opens files and listens on ports.
 */
export { sqliteStorage, type SqliteOptions } from './sqlite-storage.js';
export { serveCollector, nodeCompress, nodeClientAddress, type RunningCollector } from './server.js';
export {
  tandemServer,
  type ShopOrder,
  type ShopServerEvent,
  type RecordOptions,
  type TandemOrders,
} from './sdk.js';
export { tandemClient, TandemRequestError, type ClientOptions } from './http-client.js';
export { nodeReadBody } from './read-incoming.js';
export { portFrom, listenError } from './listen.js';
export { customerFields, type CustomerRequest, type CustomerFields } from './customer.js';
