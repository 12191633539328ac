/**
 * The demo's lead form ("book a free gait analysis"): a conversion that is not an order. The
 * shop's backend confirms each lead to the collector with the Node SDK (`recordEvent`), and the
 * thank-you page tracks it with `tandem('track', 'lead', {id})`: both derive the same event ID
 * from the lead's ID (`shopEventId` in `@tandem/protocol`), as orders do from their order ID.
 */
import { Hono, type Context } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { RecordOptions, TandemOrders } from '@tandem/collector/node';
import { escape, page, type PageContext } from './layout.js';

export interface LeadFormDeps {
  orders: TandemOrders;
  /** The page frame for a request (snippet, widget, cart count). */
  ctx(c: Context): PageContext;
  log: (message: string) => void;
}

/** What a submitted lead is shown and tracked with. */
interface Lead {
  id: string;
  email: string;
}

export function leadRoutes(deps: LeadFormDeps): Hono<{ Bindings: HttpBindings }> {
  const leads = new Map<string, Lead>();
  let sequence = 0;
  const app = new Hono<{ Bindings: HttpBindings }>();

  app.get('/contact', (c) => {
    const body = `<p>Book a free gait analysis in our store: we will call you back.</p>
<form method="post" action="/contact"><label>Email <input name="email" type="email" value="jane@example.com" required></label>
<button id="send-lead">Book my analysis</button></form>`;
    return c.html(page(deps.ctx(c), 'Free gait analysis', body));
  });

  app.post('/contact', async (c) => {
    const form = await c.req.parseBody();
    const email = typeof form.email === 'string' ? form.email.trim() : '';
    if (!email) return c.redirect('/contact', 303);
    const id = `L${Date.now().toString(36).toUpperCase()}${(sequence++).toString(36).toUpperCase()}`;
    leads.set(id, { id, email });
    const options: RecordOptions = {
      request: { headers: c.req.raw.headers, socket: c.env?.incoming?.socket },
    };
    try {
      await deps.orders.recordEvent(
        { event: 'lead', id, email, page_url: new URL(`/contact/thanks/${id}`, c.req.url).toString() },
        options,
      );
    } catch (error) {
      // Tracking never blocks the shop: the lead is taken, the failed confirmation logged.
      deps.log(`demo: recordEvent failed: ${(error as Error).message}`);
    }
    return c.redirect(`/contact/thanks/${id}`, 303);
  });

  app.get('/contact/thanks/:id', (c) => {
    const lead = leads.get(c.req.param('id'));
    if (!lead) return c.html(page(deps.ctx(c), 'Not found', '<p>No such request.</p>'), 404);
    // JSON inside <script>: `<` escaped so no value can close the tag.
    const json = JSON.stringify({ id: lead.id }).replace(/</g, '\\u003c');
    const body = `<p>Request <strong id="lead-id">${escape(lead.id)}</strong> received: we will write to
${escape(lead.email)}.</p><p><a href="/">Keep shopping</a></p>`;
    return c.html(page(deps.ctx(c), 'Thank you', body, `<script>tandem('track', 'lead', ${json});</script>`));
  });

  return app;
}
