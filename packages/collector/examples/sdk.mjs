import { createCollector, memoryStorage } from '@tandem/collector';
import { tandemClient, tandemServer } from '@tandem/collector/node';

const order = {
  order_id: '1001',
  value: 42.5,
  currency: 'EUR',
  products: [{ id: 'p1', quantity: 1, price: 42.5 }],
  email: 'jane@example.com',
};
// The customer's request to the shop: a Fetch Request, a Node IncomingMessage, or anything with headers.
const request = new Request('https://shop.example/checkout', {
  headers: { cookie: '_tdm_vid=vid-1234567890', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' },
});

// In the collector's own process:
const tandem = tandemServer(createCollector({}, { storage: memoryStorage() }));
console.log((await tandem.recordOrder(order, { request })).created);

// From another process, over HTTP with the server key:
const client = tandemClient({ url: process.env.TANDEM_URL, serverKey: process.env.TANDEM_SERVER_KEY });
console.log((await client.recordOrder(order, { request })).created);
console.log(
  (await client.recordRefund({ order_id: '1001', value: 42.5, currency: 'EUR' }, { request })).kind,
);
