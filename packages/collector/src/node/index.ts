/**
 * @module
 * The Node adapter: SQLite storage and a standalone server. Only this folder reads the
 * environment, opens files and listens on ports.
 */
export { sqliteStorage } from './sqlite-storage.js';
export { serveCollector, type RunningCollector } from './server.js';
