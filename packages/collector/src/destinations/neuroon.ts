/**
 * Neuroon site search (docs/platforms.md): `POST <base>/api/plugin/shops/<shopId>/track/conversion`
 * with `X-Shop-API-Key` and the shop's verified `Origin`. Only lines with a `searchLogId` are sent
 * (Neuroon answers 400 otherwise); a conversion without one is skipped with that reason.
 * Neuroon dedups by `orderId`, so a resend is harmless. `orderValue` is never negative: refunds go
 * to the refund endpoint (its path is a setting: Neuroon's documents do not pin it down).
 */
import { z } from 'zod';
import type { Conversion } from '../delivery/conversion.js';
import { classifyStatus, excerpt } from './http.js';
import { baseUrl, limitFields } from './options.js';
import type { Destination } from './types.js';

export const NeuroonOptions = z
  .object({
    shopId: z.string().regex(/^[\w-]{1,100}$/, "the shop's Neuroon ID"),
    /** The shop's origin as verified at Neuroon, e.g. `https://shop.example`. */
    origin: z
      .string()
      .url()
      .transform((url) => new URL(url).origin),
    baseUrl: baseUrl('https://api.neuroon.ai'),
    /** Path of the refund endpoint under the shop (unconfirmed in Neuroon's documents). */
    refundPath: z
      .string()
      .regex(/^\/[\w/-]*$/)
      .default('/track/refund'),
    ...limitFields(100, 1),
  })
  .strict();
export type NeuroonOptions = z.infer<typeof NeuroonOptions>;

const cents = (n: number): number => Math.round(n * 100) / 100;

function body(c: Conversion) {
  return {
    orderId: c.orderId ?? c.eventId,
    orderValue: cents(Math.abs(c.value ?? 0)),
    currency: c.currency,
    conversions: c.lines
      .filter((l) => l.searchLogId)
      .map((l) => ({
        productId: l.productId,
        searchLogId: l.searchLogId,
        quantity: l.quantity,
        lineTotal: cents(Math.abs(l.price * l.quantity)),
      })),
  };
}

export const neuroon: Destination<NeuroonOptions> = {
  name: 'neuroon',
  title: 'Neuroon site search',
  batchLimit: 1,
  options: NeuroonOptions,
  platformEvents: ['conversion', 'refund'],
  defaultMapping: { purchase: 'conversion', refund: 'refund' },
  needsToken: true,
  resendSafe: true,
  retry: {
    baseMs: 30_000,
    capMs: 3_600_000,
    maxRetryAfterMs: 6 * 3_600_000,
    maxAttempts: 12,
    giveUpAfterMs: 3 * 86_400_000,
  },

  plan(c) {
    if (!c.lines.some((l) => l.searchLogId))
      return { kind: 'skipped', reason: 'no order line has a searchLogId' };
    return { kind: 'pending' };
  },

  async buildRequest(conversions, o, token) {
    const [c] = conversions;
    if (!c || conversions.length > 1) throw new Error('neuroon sends exactly one conversion per request');
    const path = c.platformEvent === 'refund' ? o.refundPath : '/track/conversion';
    return {
      url: `${o.baseUrl}/api/plugin/shops/${encodeURIComponent(o.shopId)}${path}`,
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shop-api-key': token, origin: o.origin },
      body: JSON.stringify(body(c)),
    };
  },

  classify: (response) => classifyStatus(response, response.status >= 300 ? excerpt(response.body) : ''),
  limits: (o) => ({ perMinute: o.perMinute, concurrency: o.concurrency }),
};
