/**
 * The server-side event wire format (`POST <mount>/events`, the SDKs' `recordEvent`): a shop
 * event other than an order, with the shop's own ID for it (lead ID, account ID), an optional
 * value, and the same customer fields as an order. Its event ID is `shopEventId(event, id)`.
 */
import { z } from 'zod';
import { Currency, customerFields, FEW_COOKIES, fewCookies } from '../orders/schema.js';
import type { DestinationPlan } from '../orders/schema.js';
import { SERVER_EVENTS, type ServerEvent } from './names.js';

export const EventInput = z
  .object({
    event: z.enum(SERVER_EVENTS, { error: `one of ${SERVER_EVENTS.join(', ')}` }),
    /** The shop's own ID for this event: idempotent by (event, id). */
    id: z.string().min(1).max(200),
    value: z.number().finite().nonnegative().optional(),
    currency: Currency.optional(),
    ...customerFields,
  })
  .strict()
  .refine(fewCookies, FEW_COOKIES)
  .refine((e) => e.value === undefined || e.currency !== undefined, {
    message: 'a value needs its currency',
    path: ['currency'],
  });
export type EventInput = z.input<typeof EventInput>;
export type ParsedEvent = z.output<typeof EventInput>;

export interface EventReceipt {
  event: ServerEvent;
  id: string;
  event_id: string;
  /** False when this (event, id) was already recorded: nothing changed. */
  created: boolean;
  destinations: DestinationPlan[];
}
