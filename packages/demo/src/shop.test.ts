import { describe, expect, it } from 'vitest';
import type { ShopOrder, TandemOrders } from '@tandem/collector/node';
import { createShop } from './shop.js';

/** The shop's backend calls, recorded instead of sent. */
function recordingOrders() {
  const sent: ShopOrder[] = [];
  const orders: TandemOrders = {
    recordOrder: (order) => {
      sent.push(order);
      return Promise.resolve({
        kind: 'purchase',
        order_id: order.order_id,
        event_id: 'e',
        created: true,
        destinations: [],
      });
    },
    recordRefund: () => Promise.reject(new Error('not used')),
    recordEvent: () => Promise.reject(new Error('not used')),
  };
  return { sent, orders };
}

describe('the demo shop without the collector mounted in it (behind a reverse proxy)', () => {
  it('serves the snippet for the given mount path, leaves that path to the proxy, and confirms orders', async () => {
    const { sent, orders } = recordingOrders();
    const shop = createShop({ mountPath: '/tracking', orders });
    const home = await shop.request('http://shop.test/');
    const tag = await shop.request('http://shop.test/tracking/tag.js');
    const cart = await shop.request('http://shop.test/cart', {
      method: 'POST',
      body: new URLSearchParams({ product: 'p-100', quantity: '1' }),
    });
    const checkout = await shop.request('http://shop.test/checkout', {
      method: 'POST',
      headers: { cookie: (cart.headers.get('set-cookie') ?? '').split(';')[0]! },
      body: new URLSearchParams({ email: 'jane@example.com' }),
    });
    expect({
      snippet: (await home.text()).includes('<script async src="/tracking/tag.js"></script>'),
      tag: tag.status,
      checkout: [checkout.status, checkout.headers.get('location')?.startsWith('/thanks/')],
      sent: sent.map((o) => [o.value, o.currency]),
    }).toEqual({ snippet: true, tag: 404, checkout: [303, true], sent: [[89.5, 'EUR']] });
  });
});
