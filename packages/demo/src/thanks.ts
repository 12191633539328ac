import type { ShopOrder } from '@tandem/collector/node';
import { escape, page, type PageContext } from './layout.js';

/** The thank-you page: the purchase tracked through the public snippet, with the order's details. */
export function thanksPage(ctx: PageContext, order: ShopOrder): string {
  const purchase = {
    order_id: order.order_id,
    value: order.value,
    currency: order.currency,
    products: (order.products ?? []).map((p) => ({ id: p.id, price: p.price, quantity: p.quantity })),
  };
  // JSON inside <script>: `<` escaped so no value can close the tag.
  const json = JSON.stringify(purchase).replace(/</g, '\\u003c');
  const body = `<p>Order <strong id="order-id">${escape(order.order_id)}</strong> is confirmed:
${order.value.toFixed(2)} ${escape(order.currency)}.</p><p><a href="/">Keep shopping</a></p>`;
  return page(ctx, 'Thank you', body, `<script>tandem('track', 'purchase', ${json});</script>`);
}
