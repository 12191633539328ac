/**
 * The delivery crash test's collector: SQLite, the order route and the delivery engine in one
 * process that the test kills with SIGKILL. Prints its URL as one JSON line, then serves.
 * `delivery-child.ts <db file> [leaseMs] [timeoutMs]`: a short lease (default 12 s, with a 5 s
 * request timeout) lets the next process take over the killed one's claims quickly.
 */
import { startDelivery } from '../src/node/cli-delivery-env.js';
import { serveCollector } from '../src/node/server.js';

export const DELIVERY_CRASH_SERVER_KEY = 'delivery-crash-server-key-0123456789';

const [dbFile, lease, timeout] = process.argv.slice(2);
if (!dbFile) throw new Error('usage: delivery-child.ts <db file> [leaseMs] [timeoutMs]');
const running = await serveCollector({
  config: { serverKey: DELIVERY_CRASH_SERVER_KEY, metrics: 'off' },
  dbFile,
});
await startDelivery(running.storage, process.env, undefined, {
  leaseMs: Number(lease ?? 12_000),
  timeoutMs: Number(timeout ?? 5_000),
  idleMs: 20,
});
process.stdout.write(`${JSON.stringify({ url: running.url })}\n`);
