/**
 * A shop's own Hono app with Tandem in it: the collector mounted as a sub-app on the shop's origin,
 * delivery to the ad platforms running next to it, and the order-confirmed handler recording each
 * order with the SDK. Plain JavaScript on the built packages: `node server.mjs` (README.md).
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import {
  createCollector,
  createTokenBox,
  parseTokenKeys,
  saveDestinationSettings,
  startDelivery,
} from '@tandem/collector';
import { nodeCompress, nodeReadBody, sqliteStorage, tandemServer } from '@tandem/collector/node';

const env = process.env;
const storage = sqliteStorage(env.TANDEM_DB ?? 'shop.db');
const tokenBox = await createTokenBox(parseTokenKeys(env.TANDEM_TOKEN_KEYS ?? ''));
// Destination settings usually come from Tandem's dashboard; here, optionally, as JSON.
for (const [name, settings] of Object.entries(JSON.parse(env.TANDEM_DESTINATIONS ?? '{}'))) {
  await saveDestinationSettings(storage, tokenBox, name, settings, Date.now());
}

const delivery = await startDelivery({ storage, tokenBox });
const collector = createCollector(
  { mountPath: '/app-data', serverKey: env.TANDEM_SERVER_KEY, consentMode: 'optout' },
  { storage, compress: nodeCompress, readBody: nodeReadBody, onOrderRecorded: delivery.wake },
);
const tandem = tandemServer(collector);

const app = new Hono();
app.route('/', collector); // the tag at /app-data/tag.js, beacons at /app-data/e, ...

app.get('/', (c) =>
  c.html(`<!doctype html><html><head><title>Shop</title>
<script>window.tandem=window.tandem||function(){(tandem.q=tandem.q||[]).push(arguments)}</script>
<script async src="/app-data/tag.js"></script></head><body><h1>Shop</h1></body></html>`),
);

// The payment provider confirmed the order: record it (the customer's cookies, IP and user agent
// come from their request). Tracking never blocks a sale, so a failure is only logged.
app.post('/orders/:id/confirmed', async (c) => {
  const { value, products, email, pageUrl } = await c.req.json();
  const order = { order_id: c.req.param('id'), value, currency: 'EUR', products, email, page_url: pageUrl };
  const customer = { headers: c.req.raw.headers, socket: c.env.incoming.socket };
  const receipt = await tandem.recordOrder(order, { request: customer }).catch((error) => {
    console.error(`shop: order ${order.order_id} not recorded by Tandem: ${error.message}`);
    return undefined;
  });
  return c.json({ confirmed: order.order_id, tandem: receipt?.destinations ?? 'not recorded' });
});

const server = serve(
  { fetch: app.fetch, port: Number(env.PORT ?? 3000), hostname: env.HOST ?? '127.0.0.1' },
  (info) => console.log(`shop: listening on http://${info.address}:${info.port}/`),
);

const stop = () => {
  server.close(async () => {
    await delivery.stop();
    await storage.close();
    console.log('shop: stopped');
  });
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
