/**
 * The Node SDK for backends that run the collector in the same process: record a confirmed order
 * straight from the order-confirmed handler, with the customer's identity read from their request.
 *
 * @example
 * const tandem = tandemServer(collector);
 * app.post('/checkout', async (req, res) => {
 *   const order = await placeOrder(req.body);
 *   await tandem.recordOrder({ order_id: order.id, value: order.total, currency: 'EUR',
 *     products: order.lines, email: order.email, first_name: order.billing.firstName,
 *     last_name: order.billing.lastName, city: order.billing.city, zip: order.billing.zip,
 *     country: order.billing.country }, { request: req });
 * });
 */
import type { Collector } from '../app.js';
import type { OrderInput, OrderReceipt } from '../orders/schema.js';
import { customerFields, type CustomerRequest } from './customer.js';

/**
 * An order as the shop knows it (the fields of the orders API: `email`, `phone`, `first_name`,
 * `last_name`, `city`, `state`, `zip`, `country`, `date_of_birth`, `gender` are hashed on receipt);
 * the customer's cookies, IP and user agent come from `request`. A used `event_id` or an
 * out-of-range `confirmed_at` throws a `TandemRequestError`.
 */
export type ShopOrder = Omit<OrderInput, 'cookies'> & { cookies?: Record<string, string> };

export interface RecordOptions {
  /** The request the customer's browser sent to the shop (its cookies carry Tandem's identity). */
  request?: CustomerRequest;
}

export interface TandemOrders {
  recordOrder(order: ShopOrder, options?: RecordOptions): Promise<OrderReceipt>;
  recordRefund(order: ShopOrder, options?: RecordOptions): Promise<OrderReceipt>;
}

/** Fields read from the request fill in what the order leaves out; the order's own values win. */
export function withCustomer(order: ShopOrder, options: RecordOptions, trustProxy: boolean): OrderInput {
  if (!options.request) return order;
  const customer = customerFields(options.request, { trustProxy });
  return { ...customer, ...order, cookies: { ...customer.cookies, ...order.cookies } };
}

export function tandemServer(collector: Collector): TandemOrders {
  const trustProxy = collector.config.trustProxy;
  return {
    recordOrder: (order, options = {}) =>
      collector.recordOrder('purchase', withCustomer(order, options, trustProxy)),
    recordRefund: (order, options = {}) =>
      collector.recordOrder('refund', withCustomer(order, options, trustProxy)),
  };
}
