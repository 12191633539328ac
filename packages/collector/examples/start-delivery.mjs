import {
  createCollector,
  createTokenBox,
  memoryStorage,
  parseTokenKeys,
  saveDestinationSettings,
  startDelivery,
} from '@tandem/collector';

const env = process.env;
const storage = memoryStorage();
const tokenBox = await createTokenBox(parseTokenKeys(env.TANDEM_TOKEN_KEYS));
// Usually set in the dashboard. The token is stored encrypted; `baseUrl` points at a test server.
const meta = { pixelId: env.META_PIXEL_ID, baseUrl: env.META_URL };
await saveDestinationSettings(
  storage,
  tokenBox,
  'meta',
  { enabled: true, token: env.META_TOKEN, options: meta },
  Date.now(),
);

const delivery = await startDelivery({ storage, tokenBox });
const collector = createCollector({}, { storage, onOrderRecorded: delivery.wake });
await collector.recordOrder('purchase', {
  order_id: '1001',
  value: 42.5,
  currency: 'EUR',
  products: [{ id: 'p1', quantity: 1, price: 42.5 }],
  email: 'jane@example.com',
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
  page_url: 'https://shop.example/thanks/1001',
  consent: { ads: true }, // the customer accepted ad cookies (no visitor cookie in this script)
});

// A shop keeps delivery running; this script waits for the send (at most 10 s), then stops it.
const pending = async () => (await storage.outboxStats()).some((s) => s.status === 'pending');
for (let i = 0; i < 100 && (await pending()); i++) await new Promise((r) => setTimeout(r, 100));
await delivery.stop();
console.log((await storage.outboxStats()).find((s) => s.destination === 'meta'));
