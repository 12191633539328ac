/**
 * A database of its own for one test file (so files run in parallel on one server), on the
 * server the global setup started (`server.test-helpers.ts`), dropped after the file's tests.
 */
import { afterAll, inject } from 'vitest';
import { freshDatabase } from '../node/throwaway-postgres.js';

/** Creates a fresh database and returns its URL; call at the top of a test file. */
export async function testDatabase(): Promise<string> {
  const database = await freshDatabase(inject('tandemPostgresUrl'));
  afterAll(() => database.drop());
  return database.url;
}
