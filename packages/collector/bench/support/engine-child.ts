/**
 * One delivery engine in its own process, as a collector instance runs it (`bench:delivery`):
 * `engine-child.ts <db file or postgres:// URL> [schema]`, the token key in BENCH_TOKEN_KEY.
 * Prints one JSON line once its storage is open, starts on a line `start` on stdin, and on SIGTERM
 * stops, closes its storage and exits.
 */
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { createDeliveryEngine } from '../../src/delivery/engine.js';
import { createTokenBox, parseTokenKeys } from '../../src/delivery/secrets.js';
import { sqliteStorage } from '../../src/node/sqlite-storage.js';
import { isPostgresUrl } from '../../src/postgres/url.js';
import type { Storage } from '../../src/storage/types.js';

const [db, schema] = process.argv.slice(2);
if (!db || !process.env.BENCH_TOKEN_KEY)
  throw new Error('usage: BENCH_TOKEN_KEY=… engine-child.ts <db> [schema]');
const storage: Storage = isPostgresUrl(db)
  ? await (await import('../../src/postgres/storage.js')).postgresStorage(db, schema ? { schema } : {})
  : sqliteStorage(db);
await storage.ping();
const box = await createTokenBox(parseTokenKeys(process.env.BENCH_TOKEN_KEY));
// The server's defaults (its idle wait too): each engine costs what an instance's would.
const engine = createDeliveryEngine({ storage, box, fetch, now: Date.now });
process.once('SIGTERM', () => {
  void engine
    .stop()
    .then(() => storage.close())
    .then(() => process.exit(0));
});
process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
const lines = createInterface({ input: process.stdin });
while ((await once(lines, 'line'))[0] !== 'start');
engine.start();
