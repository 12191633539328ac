/**
 * The confirmed-order wire format, shared by the orders/refunds routes, the Node SDK and the HTTP
 * client. Names follow the tag's purchase props (`order_id`, `value`, `currency`, `products`).
 */
import { z } from 'zod';
import { acceptable, normalizeDateOfBirth } from '../privacy/customer.js';
import { normalizeCountry } from '../privacy/hash.js';

const text = (max: number) => z.string().min(1).max(max);

/** Orders before this are a unit mistake (seconds for milliseconds), not history. */
export const EARLIEST_CONFIRMED_AT = Date.UTC(2000, 0, 1);

export const OrderProduct = z
  .object({
    id: text(200),
    quantity: z.number().int().positive().max(100_000),
    price: z.number().finite().nonnegative(),
    category: text(200).optional(),
  })
  .strict();

export const Currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

/** The customer and their browser, shared by orders and server-side events (`events/schema.ts`). */
export const customerFields = {
  /** Plain (hashed on receipt, never stored in clear) or already a SHA-256 hex digest. */
  email: z.string().max(320).optional(),
  phone: z.string().max(64).optional(),
  /** The customer's name and address, hashed on receipt like email and phone (Meta's rules). */
  first_name: z.string().max(200).optional(),
  last_name: z.string().max(200).optional(),
  city: z.string().max(200).optional(),
  state: z.string().max(200).optional(),
  zip: z.string().max(64).optional(),
  country: z
    .string()
    .max(100)
    .refine((v) => acceptable(v, normalizeCountry), 'an ISO 3166-1 alpha-2 country code such as US')
    .optional(),
  date_of_birth: z
    .string()
    .max(64)
    .refine((v) => acceptable(v, normalizeDateOfBirth), 'a date of birth as YYYY-MM-DD, from 1900 on')
    .optional(),
  /** `f`/`female` or `m`/`male`; any other value is accepted and not sent (Meta takes only these). */
  gender: z.string().max(64).optional(),
  /** The customer's IP and user agent, from the request their browser made to the shop. */
  ip: z.string().max(64).optional(),
  user_agent: z.string().max(1024).optional(),
  page_url: z.string().max(2048).optional(),
  /** The customer's cookies as sent to the shop (name -> value); only Tandem's are read. */
  cookies: z.record(z.string().max(128), z.string().max(4096)).optional(),
  /** The customer's browser sent `Sec-GPC: 1` (Global Privacy Control). */
  gpc: z.boolean().optional(),
  /** Overrides the consent read from the customer's cookies and visitor record. */
  consent: z.object({ ads: z.boolean(), gpc: z.boolean().optional() }).strict().optional(),
  /**
   * When the shop confirmed it, epoch ms; defaults to receipt time. At most a day ahead of the
   * collector's clock (checked when it is recorded).
   */
  confirmed_at: z
    .number()
    .int()
    .min(EARLIEST_CONFIRMED_AT, 'epoch milliseconds from 2000 on (not seconds)')
    .optional(),
};

/** At most 100 cookies (a refinement shared by orders and events). */
export const fewCookies = (o: { cookies?: Record<string, string> | undefined }) =>
  !o.cookies || Object.keys(o.cookies).length <= 100;
export const FEW_COOKIES = { message: 'at most 100 cookies', path: ['cookies'] };

export const OrderInput = z
  .object({
    order_id: text(200),
    /** Only when the shop passed its own event ID to the tag too; otherwise derived from order_id. */
    event_id: z.string().min(8).max(64).optional(),
    value: z.number().finite().nonnegative(),
    currency: Currency,
    products: z.array(OrderProduct).max(500).default([]),
    ...customerFields,
  })
  .strict()
  .refine(fewCookies, FEW_COOKIES);
export type OrderInput = z.input<typeof OrderInput>;
export type ParsedOrder = z.output<typeof OrderInput>;

export type OrderKind = 'purchase' | 'refund';

/** Why an order that passed the schema was not recorded: answered as the HTTP error it is. */
export interface OrderRejection {
  rejected: { status: 400 | 409; code: string; message: string; where?: string; fix?: string };
}

/** How each destination will treat the order, as answered to the shop. */
export interface DestinationPlan {
  destination: string;
  status: 'queued' | 'skipped' | 'delivered' | 'failed';
  reason?: string;
}

export interface OrderReceipt {
  kind: OrderKind;
  order_id: string;
  event_id: string;
  /** False when this order ID was already recorded: nothing changed. */
  created: boolean;
  destinations: DestinationPlan[];
}
