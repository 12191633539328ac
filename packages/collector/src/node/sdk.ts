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
import type { EventInput, EventReceipt } from '../events/schema.js';
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

/**
 * A server-side event as the shop knows it: `event` (`lead`, `sign_up`, `subscribe`,
 * `start_trial`, `contact`), the shop's own `id` for it, optional `value` and `currency`, and the
 * customer fields of an order; cookies, IP and user agent come from `request`.
 */
export type ShopServerEvent = Omit<EventInput, 'cookies'> & { cookies?: Record<string, string> };

export interface TandemOrders {
  recordOrder(order: ShopOrder, options?: RecordOptions): Promise<OrderReceipt>;
  recordRefund(order: ShopOrder, options?: RecordOptions): Promise<OrderReceipt>;
  /** Records a server-side event; idempotent by (event, id). Its event ID is `shopEventId(event, id)`. */
  recordEvent(event: ShopServerEvent, options?: RecordOptions): Promise<EventReceipt>;
}

/** Fields read from the request fill in what the order or event leaves out; its own values win. */
export function withCustomer<T extends { cookies?: Record<string, string> | undefined }>(
  order: T,
  options: RecordOptions,
  trustProxy: boolean,
): T {
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
    recordEvent: (event, options = {}) => collector.recordEvent(withCustomer(event, options, trustProxy)),
  };
}
