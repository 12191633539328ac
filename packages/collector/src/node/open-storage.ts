/**
 * Opens the storage a `--db` / `TANDEM_DB` value names: a `postgres://` or `postgresql://` URL is
 * a PostgreSQL database (migrated on open), anything else a SQLite file (the default `tandem.db`).
 */
import { isPostgresUrl } from '../postgres/url.js';
import type { Storage } from '../storage/types.js';
import { CliError } from './cli-error.js';
import { sqliteStorage } from './sqlite-storage.js';

type Env = Record<string, string | undefined>;

/** The `--db` value, else `TANDEM_DB`, else `tandem.db`. */
export const dbOf = (values: { db?: string | undefined }, env: Env): string =>
  values.db ?? env.TANDEM_DB ?? 'tandem.db';

/** The URL without its password, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the Postgres URL';
  }
}

export async function openStorage(db: string): Promise<Storage> {
  if (!isPostgresUrl(db)) return sqliteStorage(db);
  try {
    // Loaded only for Postgres: a SQLite collector starts without the driver.
    const { postgresStorage } = await import('../postgres/storage.js');
    return await postgresStorage(db);
  } catch (error) {
    throw new CliError(
      `Cannot open the Postgres database ${redactUrl(db)}: ${(error as Error).message}. ` +
        'Fix: check the URL, that the server is reachable and that the user may create tables.',
    );
  }
}
