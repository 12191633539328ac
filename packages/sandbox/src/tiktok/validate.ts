import { z } from 'zod';

/** Events in one request; integrators quote 1,000 (docs/platforms.md). */
export const TIKTOK_BATCH_LIMIT = 1_000;
/** An `event_time` above this is in milliseconds, not the seconds TikTok asks for. */
const LATEST_SECONDS = 10_000_000_000;

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase SHA-256 hex digest');

export const TiktokEvent = z
  .object({
    event: z.string().min(1).max(100),
    event_time: z.number().int().positive().max(LATEST_SECONDS, 'must be epoch seconds, not milliseconds'),
    event_id: z.string().min(1).max(200).optional(),
    user: z
      .object({
        email: sha256.optional(),
        phone: sha256.optional(),
        external_id: sha256.optional(),
        ttclid: z.string().min(1).optional(),
        ttp: z.string().min(1).optional(),
        ip: z.string().min(1).optional(),
        user_agent: z.string().min(1).optional(),
      })
      .passthrough()
      .optional(),
    properties: z
      .object({
        value: z.number().finite().optional(),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
          .optional(),
        contents: z
          .array(
            z
              .object({
                content_id: z.string().min(1).optional(),
                quantity: z.number().int().positive().optional(),
                price: z.number().finite().optional(),
              })
              .passthrough(),
          )
          .optional(),
      })
      .passthrough()
      .optional(),
    page: z
      .object({ url: z.string().url().optional(), referrer: z.string().optional() })
      .passthrough()
      .optional(),
  })
  .passthrough();
export type TiktokEvent = z.infer<typeof TiktokEvent>;

export const TiktokBody = z
  .object({
    event_source: z.enum(['web', 'app', 'offline', 'crm']),
    event_source_id: z.string().min(1),
    test_event_code: z.string().min(1).optional(),
    data: z.array(z.unknown()).min(1).max(TIKTOK_BATCH_LIMIT),
  })
  .passthrough();

/**
 * Validates an Events API body as TikTok does: one invalid event rejects the whole request, and
 * a value must come with its currency.
 */
export function validateTiktok(
  body: unknown,
): { source: string; sourceId: string; events: TiktokEvent[]; testEventCode?: string } | { error: string } {
  const b = TiktokBody.safeParse(body);
  if (!b.success) {
    const issue = b.error.issues[0]!;
    return { error: `${issue.path.join('.') || 'body'}: ${issue.message}` };
  }
  const events: TiktokEvent[] = [];
  for (const [i, item] of b.data.data.entries()) {
    const r = TiktokEvent.safeParse(item);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      return { error: `data[${i}].${issue.path.join('.')}: ${issue.message}` };
    }
    const p = r.data.properties;
    if (p?.value !== undefined && !p.currency)
      return { error: `data[${i}].properties.currency: required with a value` };
    events.push(r.data);
  }
  return {
    source: b.data.event_source,
    sourceId: b.data.event_source_id,
    events,
    ...(b.data.test_event_code ? { testEventCode: b.data.test_event_code } : {}),
  };
}
