/**
 * A collector in its own process (the crash test, bench:ingest): `serve-child.ts <db file or
 * postgres:// URL>`; prints its URL, then serves.
 */
import { serveCollector } from '../../src/node/server.js';

// Must match KEY in crash.ts (not imported from here: importing this file starts a server).
const CRASH_SERVER_KEY = 'crash-test-server-key-0123456789';

const dbFile = process.argv[2];
if (!dbFile) throw new Error('usage: serve-child.ts <db file or postgres:// URL>');
const running = await serveCollector({ config: { serverKey: CRASH_SERVER_KEY, metrics: 'off' }, dbFile });
// Ready once the writer thread answers: the kill timer then measures load, not a slow start-up.
await running.storage.ping();
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
