/**
 * Vitest global setup: a throwaway PostgreSQL server (`../node/throwaway-postgres.ts`) started
 * once per test run, stopped in teardown. `TANDEM_TEST_DATABASE_URL` points the suite at an
 * existing server instead. Test files get their database from `database.test-helpers.ts`.
 */
import type { TestProject } from 'vitest/node';
import { startPostgres } from '../node/throwaway-postgres.js';

export { freePort } from '../node/throwaway-postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tandemPostgresUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const existing = process.env.TANDEM_TEST_DATABASE_URL;
  if (existing) {
    project.provide('tandemPostgresUrl', existing);
    return;
  }
  const server = await startPostgres();
  project.provide('tandemPostgresUrl', server.url);
  return () => server.stop();
}
