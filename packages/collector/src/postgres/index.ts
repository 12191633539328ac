/** `@tandem/collector/postgres`: the storage on PostgreSQL, for one or many collector instances. */
export { postgresStorage, type PostgresOptions, type PostgresStorage } from './storage.js';
export { isPostgresUrl } from './url.js';
