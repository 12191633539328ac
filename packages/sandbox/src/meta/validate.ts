import { z } from 'zod';

export const META_BATCH_LIMIT = 1_000;
const DAY = 86_400;

const ACTION_SOURCES = [
  'website',
  'app',
  'email',
  'phone_call',
  'chat',
  'physical_store',
  'system_generated',
  'business_messaging',
  'other',
] as const;

export const MetaEvent = z
  .object({
    event_name: z.string().min(1),
    event_time: z.number().int(),
    action_source: z.enum(ACTION_SOURCES),
    event_id: z.string().min(1).optional(),
    event_source_url: z.string().url().optional(),
    user_data: z
      .object({ client_user_agent: z.string().min(1).optional() })
      .passthrough()
      .optional(),
    custom_data: z.object({}).passthrough().optional(),
  })
  .passthrough();
export type MetaEvent = z.infer<typeof MetaEvent>;

export const MetaBody = z
  .object({
    data: z.array(z.unknown()).min(1).max(META_BATCH_LIMIT),
    test_event_code: z.string().min(1).optional(),
    access_token: z.string().optional(),
    partner_agent: z.string().optional(),
  })
  .passthrough();

/** Subcodes are the sandbox's own except 2804003 (event too old); callers branch on `code` only. */
export interface MetaProblem {
  message: string;
  subcode: number;
}

/**
 * Validates a Conversions API body as Meta does: one invalid event rejects the whole request.
 * `now` is epoch seconds.
 */
export function validateMeta(
  body: unknown,
  now: number,
): { events: MetaEvent[]; testEventCode?: string } | { error: MetaProblem } {
  const b = MetaBody.safeParse(body);
  if (!b.success) {
    const issue = b.error.issues[0]!;
    return { error: { message: `${issue.path.join('.') || 'body'}: ${issue.message}`, subcode: 2804001 } };
  }
  const events: MetaEvent[] = [];
  for (const [i, item] of b.data.data.entries()) {
    const r = MetaEvent.safeParse(item);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      return { error: { message: `data[${i}].${issue.path.join('.')}: ${issue.message}`, subcode: 2804002 } };
    }
    const e = r.data;
    if (now - e.event_time > 7 * DAY)
      return {
        error: { message: `data[${i}].event_time is more than 7 days in the past`, subcode: 2804003 },
      };
    if (e.action_source === 'website' && !e.user_data?.client_user_agent)
      return {
        error: {
          message: `data[${i}]: website events require user_data.client_user_agent`,
          subcode: 2804004,
        },
      };
    if (e.action_source === 'website' && !e.event_source_url)
      return { error: { message: `data[${i}]: website events require event_source_url`, subcode: 2804005 } };
    events.push(e);
  }
  return { events, ...(b.data.test_event_code ? { testEventCode: b.data.test_event_code } : {}) };
}
