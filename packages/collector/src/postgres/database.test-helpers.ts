/**
 * A database of its own for one test file (so files run in parallel on one server), on the
 * server the global setup started (`server.test-helpers.ts`), dropped after the file's tests.
 */
import pg from 'pg';
import { afterAll, inject } from 'vitest';

let created = 0;

/** Creates a fresh database and returns its URL; call at the top of a test file. */
export async function testDatabase(): Promise<string> {
  const server = inject('tandemPostgresUrl');
  const name = `tandem_test_${process.pid}_${Date.now().toString(36)}_${created++}`;
  const admin = new pg.Client(server);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  afterAll(async () => {
    const client = new pg.Client(server);
    await client.connect();
    try {
      await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  });
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}
