/**
 * A small HTTP client for backends in another process: the same calls as the in-process SDK,
 * sent to `POST <collector>/orders`, `/refunds` and `/events` with the server key. A 4xx is thrown as a
 * `TandemRequestError` carrying the collector's `{code, message, where, fix}`; 5xx and network
 * errors are thrown as they are, so the caller can retry (orders are idempotent by ID).
 */
import type { ApiError } from '../errors.js';
import { TandemRequestError } from '../orders/errors.js';
import type { OrderReceipt } from '../orders/schema.js';
import type { EventReceipt } from '../events/schema.js';
import {
  withCustomer,
  type RecordOptions,
  type ShopOrder,
  type ShopServerEvent,
  type TandemOrders,
} from './sdk.js';

export { TandemRequestError };

export interface ClientOptions {
  /** The collector's base URL including its mount path, e.g. `https://shop.example/app-data`. */
  url: string;
  serverKey: string;
  /** Read the customer's IP from `X-Forwarded-For` (the shop sits behind a proxy). */
  trustProxy?: boolean;
  fetch?: typeof fetch;
}

export function tandemClient(options: ClientOptions): TandemOrders {
  const send = async <R>(
    path: 'orders' | 'refunds' | 'events',
    order: ShopOrder | ShopServerEvent,
    record: RecordOptions,
  ): Promise<R> => {
    const res = await (options.fetch ?? fetch)(`${options.url.replace(/\/$/, '')}/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.serverKey}` },
      body: JSON.stringify(withCustomer(order, record, options.trustProxy ?? false)),
    });
    const body: unknown = await res.json().catch(() => undefined);
    if (res.ok) return body as R;
    const detail = (body as ApiError | undefined)?.error;
    if (res.status < 500 && detail) throw new TandemRequestError(res.status, detail);
    throw new Error(`Tandem collector answered ${res.status}`);
  };
  return {
    recordOrder: (order, record = {}) => send<OrderReceipt>('orders', order, record),
    recordRefund: (order, record = {}) => send<OrderReceipt>('refunds', order, record),
    recordEvent: (event, record = {}) => send<EventReceipt>('events', event, record),
  };
}
