import { z } from 'zod';

const Line = z
  .object({
    productId: z.union([z.string().min(1), z.number()]),
    searchLogId: z
      .string({ error: 'searchLogId is required on every line' })
      .min(1, 'searchLogId is required'),
    quantity: z.number().int().positive(),
    lineTotal: z.number().min(0),
  })
  .passthrough();

export const NeuroonConversion = z
  .object({
    orderId: z.union([z.string().min(1), z.number()]).transform(String),
    orderValue: z.number().min(0, 'orderValue must be >= 0 (refunds have their own endpoint)'),
    currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency'),
    conversions: z.array(Line).min(1),
  })
  .passthrough();
export type NeuroonConversion = z.infer<typeof NeuroonConversion>;

/** Refund bodies: the conversion's shape with the refunded amount; lines are optional. */
export const NeuroonRefund = NeuroonConversion.extend({ conversions: z.array(Line).optional() });

export function validateNeuroon(
  schema: typeof NeuroonConversion | typeof NeuroonRefund,
  body: unknown,
): { body: NeuroonConversion } | { error: string } {
  const r = schema.safeParse(body);
  if (r.success) return { body: r.data as NeuroonConversion };
  const issue = r.error.issues[0]!;
  const where = issue.path.length ? issue.path.join('.') : 'body';
  return { error: `${where}: ${issue.message}` };
}
