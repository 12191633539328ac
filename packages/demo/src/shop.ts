/**
 * The demo storefront: landing, product pages, cart, checkout and thank-you. Its backend confirms
 * each order to the collector through the Node SDK (`recordOrder`), and the thank-you page tracks
 * the purchase with the public snippet, as a real shop would. The collector is mounted on the same
 * origin (first-party).
 */
import { Hono } from 'hono';
import type { HttpBindings } from '@hono/node-server';
import type { Collector } from '@tandem/collector';
import { customerFields, type ShopOrder, type TandemOrders } from '@tandem/collector/node';
import { adClickUrl } from './ad-click.js';
import { addToCart, cartTotal, readCart, writeCart } from './cart.js';
import { CURRENCY, PRODUCTS, findProduct } from './catalog.js';
import { escape, page, type PageContext } from './layout.js';
import { leadRoutes } from './lead-form.js';
import { thanksPage } from './thanks.js';

export { snippet } from './layout.js';

export interface ShopDeps {
  /**
   * The collector, mounted on the shop's own server (same origin). Without it, the shop serves only
   * its pages and a reverse proxy in front routes `mountPath` to a standalone collector.
   */
  collector?: Collector;
  /** Where the snippet loads the tag from: the collector's mount path, else this (default `/app-data`). */
  mountPath?: string;
  orders: TandemOrders;
  /** The Neuroon widget script and shop ID, when the search widget is on. */
  widget?: { src: string; shopId: string };
  /** Logs a failed confirmation (the checkout still succeeds: tracking never blocks a sale). */
  log?: (message: string) => void;
}

const money = (n: number) => `${n.toFixed(2)} ${CURRENCY}`;

export function createShop(deps: ShopDeps): Hono<{ Bindings: HttpBindings }> {
  const mountPath = deps.collector?.config.mountPath ?? deps.mountPath ?? '/app-data';
  const orders = new Map<string, ShopOrder>();
  /** Bank-transfer orders, confirmed to the collector only when the payment webhook comes. */
  const transfers = new Map<string, ShopOrder>();
  let sequence = 0;
  const ctx = (cartCount: number): PageContext => ({
    mountPath,
    cartCount,
    ...(deps.widget ? { widget: deps.widget } : {}),
  });
  const count = (c: Parameters<typeof readCart>[0]) => readCart(c).reduce((n, l) => n + l.quantity, 0);
  const confirm = async (order: ShopOrder, request: Parameters<TandemOrders['recordOrder']>[1]) => {
    try {
      return await deps.orders.recordOrder(order, request);
    } catch (error) {
      (deps.log ?? console.error)(`demo: recordOrder failed: ${(error as Error).message}`);
      return undefined;
    }
  };

  const app = new Hono<{ Bindings: HttpBindings }>();
  if (deps.collector) app.route('/', deps.collector);
  app.route(
    '/',
    leadRoutes({ orders: deps.orders, ctx: (c) => ctx(count(c)), log: deps.log ?? console.error }),
  );

  app.get('/', (c) => {
    const list = PRODUCTS.map(
      (p) =>
        `<li><a href="/products/${p.id}">${escape(p.name)}</a><br>${money(p.price)}<br><small>${escape(p.description)}</small></li>`,
    ).join('');
    const ad = `<div class="ad">An ad elsewhere on the web: <a id="ad-click" href="${escape(adClickUrl(c.req.url))}">Run further this winter →</a></div>`;
    const lead = '<p><a id="contact-link" href="/contact">Book a free gait analysis</a></p>';
    return c.html(page(ctx(count(c)), 'Running gear', `${ad}${lead}<ul class="products">${list}</ul>`));
  });

  app.get('/products/:id', (c) => {
    const p = findProduct(c.req.param('id'));
    if (!p) return c.html(page(ctx(count(c)), 'Not found', '<p>No such product.</p>'), 404);
    const body = `<p>${escape(p.description)}</p><p><strong>${money(p.price)}</strong></p>
<form method="post" action="/cart"><input type="hidden" name="product" value="${p.id}">
<label>Quantity <input name="quantity" type="number" value="1" min="1" max="99"></label>
<button id="add-to-cart">Add to cart</button></form>`;
    return c.html(page(ctx(count(c)), p.name, body));
  });

  app.post('/cart', async (c) => {
    const form = await c.req.parseBody();
    const p = findProduct(String(form.product ?? ''));
    const quantity = Math.max(1, Math.min(99, Math.floor(Number(form.quantity ?? 1)) || 1));
    if (p) writeCart(c, addToCart(readCart(c), p, quantity));
    return c.redirect('/cart', 303);
  });

  app.get('/cart', (c) => {
    const lines = readCart(c);
    const rows = lines
      .map(
        (l) => `<li>${l.quantity} × ${escape(l.product.name)} — ${money(l.product.price * l.quantity)}</li>`,
      )
      .join('');
    const body = lines.length
      ? `<ul>${rows}</ul><p>Total: <strong>${money(cartTotal(lines))}</strong></p>
<form method="post" action="/checkout"><label>Email <input name="email" type="email" value="jane@example.com" required></label>
<button id="place-order">Place order</button>
<button id="place-order-transfer" name="payment" value="transfer">Pay by bank transfer</button></form>`
      : '<p>Your cart is empty.</p>';
    return c.html(page(ctx(count(c)), 'Cart', body));
  });

  app.post('/checkout', async (c) => {
    const lines = readCart(c);
    if (!lines.length) return c.redirect('/cart', 303);
    const form = await c.req.parseBody();
    const orderId = `D${Date.now().toString(36).toUpperCase()}${(sequence++).toString(36).toUpperCase()}`;
    const order: ShopOrder = {
      order_id: orderId,
      value: cartTotal(lines),
      currency: CURRENCY,
      products: lines.map((l) => ({
        id: l.product.id,
        quantity: l.quantity,
        price: l.product.price,
        category: l.product.category,
      })),
      ...(typeof form.email === 'string' && form.email ? { email: form.email } : {}),
      page_url: new URL(`/thanks/${orderId}`, c.req.url).toString(),
    };
    writeCart(c, []);
    const request = { headers: c.req.raw.headers, socket: c.env?.incoming?.socket };
    if (form.payment === 'transfer') {
      // Confirmed later by the bank's webhook, server to server: the shop keeps only the
      // customer's cookies with the order (no page URL, IP or user agent reach the collector).
      const { page_url: _url, ...bare } = order;
      transfers.set(orderId, { ...bare, cookies: customerFields(request).cookies });
      return c.redirect(`/awaiting-payment/${orderId}`, 303);
    }
    orders.set(orderId, order);
    await confirm(order, { request });
    return c.redirect(`/thanks/${orderId}`, 303);
  });

  // A payment provider confirming the order again (webhooks are retried): the SDK is idempotent.
  app.post('/webhooks/payment', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { order_id?: unknown };
    const id = String(body.order_id ?? '');
    const transfer = transfers.get(id);
    if (transfer) {
      transfers.delete(id);
      orders.set(id, transfer);
    }
    const order = orders.get(id);
    if (!order) return c.json({ error: { code: 'unknown_order', message: 'No such order.' } }, 404);
    const receipt = await confirm(order, {});
    return c.json(receipt ?? { error: { code: 'not_recorded', message: 'The collector refused it.' } });
  });

  app.get('/awaiting-payment/:orderId', (c) => {
    const id = c.req.param('orderId');
    const body = `<p>Order <strong id="order-id">${escape(id)}</strong> awaits your bank transfer.</p>
<p><a id="paid" href="/thanks/${escape(id)}">I have paid</a></p>`;
    return c.html(
      page(ctx(count(c)), 'Awaiting payment', body),
      transfers.has(id) || orders.has(id) ? 200 : 404,
    );
  });

  app.get('/thanks/:orderId', (c) => {
    const order = orders.get(c.req.param('orderId'));
    if (!order) return c.html(page(ctx(count(c)), 'Not found', '<p>No such order.</p>'), 404);
    return c.html(thanksPage(ctx(count(c)), order));
  });

  return app;
}
