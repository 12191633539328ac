import { tandemClient } from '@tandem/collector/node';

// A lead from the shop's contact form; the page tracks it with tandem('track', 'lead', { id: 'L-77' }).
const lead = {
  event: 'lead',
  id: 'L-77', // the shop's own ID: the event ID is derived from ('lead', 'L-77'), as the tag does
  email: 'jane@example.com',
  page_url: 'https://shop.example/contact/thanks/L-77',
};
// The customer's request to the shop: its cookies, IP and user agent are read from it.
const request = new Request('https://shop.example/contact', {
  headers: { cookie: '_tdm_vid=vid-1234567890', 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64)' },
});

const client = tandemClient({ url: process.env.TANDEM_URL, serverKey: process.env.TANDEM_SERVER_KEY });
const receipt = await client.recordEvent(lead, { request });
console.log(receipt.event_id, receipt.created);
// Idempotent by (event, id): sending it again changes nothing.
console.log((await client.recordEvent(lead, { request })).created);
