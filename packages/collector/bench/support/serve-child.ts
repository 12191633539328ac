/**
 * A collector in its own process (the crash test, bench:ingest): `serve-child.ts <db file or
 * postgres:// URL>`; prints its URL, then serves.
 */
import { serveCollector } from '../../src/node/server.js';

// Must match KEY in crash.ts (not imported from here: importing this file starts a server).
const CRASH_SERVER_KEY = 'crash-test-server-key-0123456789';

const dbFile = process.argv[2];
if (!dbFile) throw new Error('usage: serve-child.ts <db file or postgres:// URL>');
// One local client drives the whole load here: the per-client limits would measure themselves.
const UNLIMITED = {
  clientEventsPerSecond: 100_000,
  clientEventBurst: 100_000,
  visitorEventsPerMinute: 100_000,
  connectionsPerClient: 100_000,
  dropBots: false,
};
const running = await serveCollector({
  config: { serverKey: CRASH_SERVER_KEY, metrics: 'off', limits: UNLIMITED },
  dbFile,
});
// Ready once the writer thread answers: the kill timer then measures load, not a slow start-up.
await running.storage.ping();
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
