/**
 * The delivery crash test's collector: SQLite, the order route and the delivery engine in one
 * process that the test kills with SIGKILL. Prints its URL as one JSON line, then serves.
 * `delivery-child.ts <db file> [leaseMs] [timeoutMs] [retryBaseMs]`: a short lease (default 12 s,
 * with a 5 s request timeout) lets the next process take over the killed one's claims quickly; a
 * short first retry (the short test's) keeps a timed-out send from waiting out Neuroon's 30 s.
 */
import { DESTINATIONS } from '../src/destinations/registry.js';
import { startDeliveryFromEnv } from '../src/node/cli-delivery-env.js';
import { serveCollector } from '../src/node/server.js';

export const DELIVERY_CRASH_SERVER_KEY = 'delivery-crash-server-key-0123456789';

const [dbFile, lease, timeout, retryBase] = process.argv.slice(2);
if (!dbFile) throw new Error('usage: delivery-child.ts <db file> [leaseMs] [timeoutMs] [retryBaseMs]');
const running = await serveCollector({
  config: { serverKey: DELIVERY_CRASH_SERVER_KEY, metrics: 'off' },
  dbFile,
});
await startDeliveryFromEnv(running.storage, process.env, {
  leaseMs: Number(lease ?? 12_000),
  timeoutMs: Number(timeout ?? 5_000),
  idleMs: 20,
  ...(retryBase && {
    registry: DESTINATIONS.map((d) => ({
      ...d,
      retry: { ...d.retry, baseMs: Number(retryBase), capMs: 4 * Number(retryBase) },
    })),
  }),
});
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
