/** The connection pool and a transaction helper. */
import pg from 'pg';
import { quoteIdent } from './migrations.js';

export interface PoolOptions {
  /** Connections at most (default 10). Instances × this must stay under the server's limit. */
  max?: number;
  /** The schema Tandem's tables live in (default `tandem`). */
  schema?: string;
}

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const schema = options.schema ?? 'tandem';
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    // Every connection reads and writes Tandem's own schema.
    options: `-c search_path=${quoteIdent(schema)}`,
  });
  // An idle connection the server dropped is replaced by the pool; the error must not crash.
  pool.on('error', () => {});
  return pool;
}

/** Runs `fn` in one transaction on one connection; commits before resolving, rolls back on error. */
export async function transaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection the server ends mid-transaction rejects the query below; its 'error' event must
  // not also crash the process.
  const ignore = () => {};
  client.on('error', ignore);
  try {
    await client.query('BEGIN');
    const value = await fn(client);
    await client.query('COMMIT');
    return value;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.off('error', ignore);
    client.release();
  }
}
