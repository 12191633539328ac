import { z } from 'zod';

/** The event names AdRoll documents for `adroll.track` and the server API (docs/platforms.md). */
export const ADROLL_EVENTS = [
  'pageView',
  'homeView',
  'productSearch',
  'addToCart',
  'purchase',
  'highValuePage',
  'gatedContent',
  'demoRequest',
  'signupPlan',
  'signupTrial',
  'contactSales',
  'liveChat',
  'formFill',
] as const;

export const ADROLL_BATCH_LIMIT = 100;

const jsonString = z.string().refine((s) => {
  try {
    JSON.parse(s);
    return true;
  } catch {
    return false;
  }
}, 'must be a JSON string');

export const AdRollEvent = z
  .object({
    advertisable_eid: z.string().min(1),
    pixel_eid: z.string().min(1),
    event_name: z.enum(ADROLL_EVENTS),
    timestamp: z.number().positive(),
    page_location: z.string().url().optional(),
    conversion_value: z.union([z.number(), z.string()]).optional(),
    currency: z.string().optional(),
    external_data: jsonString.optional(),
    identifiers: z.object({ first_party_cookie: z.string().min(1) }).passthrough(),
  })
  .passthrough();
export type AdRollEvent = z.infer<typeof AdRollEvent>;

/** Validates a server-API body for `advertisable`: the events, or the first problem found. */
export function validateAdRoll(
  body: unknown,
  ids: { advertisable: string; pixel: string },
): { events: AdRollEvent[] } | { error: string } {
  if (!Array.isArray(body)) return { error: 'the body must be a JSON array of events' };
  if (body.length === 0) return { error: 'the array holds no events' };
  if (body.length > ADROLL_BATCH_LIMIT)
    return { error: `at most ${ADROLL_BATCH_LIMIT} events per request (got ${body.length})` };
  const events: AdRollEvent[] = [];
  for (const [i, item] of body.entries()) {
    const r = AdRollEvent.safeParse(item);
    if (!r.success) {
      const issue = r.error.issues[0]!;
      return { error: `event ${i}: ${issue.path.join('.') || 'event'}: ${issue.message}` };
    }
    if (r.data.advertisable_eid !== ids.advertisable)
      return { error: `event ${i}: advertisable_eid does not match advertisable=${ids.advertisable}` };
    if (r.data.pixel_eid !== ids.pixel) return { error: `event ${i}: unknown pixel_eid` };
    events.push(r.data);
  }
  return { events };
}
