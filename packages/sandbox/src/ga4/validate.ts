/**
 * GA4 Measurement Protocol's rules (docs/platforms.md), as its validation endpoint reports them:
 * `{validationMessages: [{fieldPath, description, validationCode}]}`, empty when valid. The
 * production endpoint answers 2xx either way and drops what breaks a rule.
 */

export interface ValidationMessage {
  fieldPath: string;
  description: string;
  validationCode:
    | 'VALUE_INVALID'
    | 'VALUE_REQUIRED'
    | 'NAME_INVALID'
    | 'NAME_RESERVED'
    | 'VALUE_OUT_OF_BOUNDS'
    | 'EXCEEDED_MAX_ENTITIES';
}

export const GA4_LIMITS = {
  eventsPerRequest: 25,
  paramsPerEvent: 25,
  nameLength: 40,
  bodyBytes: 130_000,
  backdateMs: 72 * 3_600_000,
} as const;

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const RESERVED_EVENTS = new Set([
  'ad_activeview',
  'ad_click',
  'ad_exposure',
  'ad_query',
  'ad_reward',
  'adunit_exposure',
  'app_clear_data',
  'app_exception',
  'app_install',
  'app_remove',
  'app_store_refund',
  'app_update',
  'app_upgrade',
  'dynamic_link_app_open',
  'dynamic_link_app_update',
  'dynamic_link_first_open',
  'error',
  'first_open',
  'first_visit',
  'in_app_purchase',
  'notification_dismiss',
  'notification_foreground',
  'notification_open',
  'notification_receive',
  'notification_send',
  'os_update',
  'session_start',
  'user_engagement',
]);
const RESERVED_PREFIXES = ['_', 'firebase_', 'ga_', 'google_', 'gtag.'];
/** Events whose value GA4 reports as revenue: a value needs a currency. */
const MONEY_EVENTS = new Set([
  'purchase',
  'refund',
  'add_payment_info',
  'add_shipping_info',
  'add_to_cart',
  'begin_checkout',
]);

type Msg = ValidationMessage;
const msg = (fieldPath: string, validationCode: Msg['validationCode'], description: string): Msg => ({
  fieldPath,
  description,
  validationCode,
});

function nameProblem(name: unknown, path: string, reserved: (n: string) => boolean): Msg | undefined {
  if (typeof name !== 'string' || !NAME.test(name))
    return msg(
      path,
      'NAME_INVALID',
      `${path} must start with a letter and use only letters, digits and underscores.`,
    );
  if (name.length > GA4_LIMITS.nameLength)
    return msg(path, 'VALUE_OUT_OF_BOUNDS', `${path} must be at most ${GA4_LIMITS.nameLength} characters.`);
  if (reserved(name) || RESERVED_PREFIXES.some((p) => name.startsWith(p)))
    return msg(path, 'NAME_RESERVED', `${name} is reserved.`);
  return undefined;
}

function eventMessages(event: Record<string, unknown>, i: number, now: number): Msg[] {
  const at = `events[${i}]`;
  const out: Msg[] = [];
  const name = nameProblem(event.name, `${at}.name`, (n) => RESERVED_EVENTS.has(n));
  if (name) out.push(name);
  const params = (event.params ?? {}) as Record<string, unknown>;
  if (typeof params !== 'object' || Array.isArray(params))
    return [...out, msg(`${at}.params`, 'VALUE_INVALID', 'params must be an object.')];
  const keys = Object.keys(params);
  if (keys.length > GA4_LIMITS.paramsPerEvent)
    out.push(
      msg(
        `${at}.params`,
        'EXCEEDED_MAX_ENTITIES',
        `At most ${GA4_LIMITS.paramsPerEvent} parameters per event.`,
      ),
    );
  for (const key of keys) {
    if (key === 'items') continue;
    const problem = nameProblem(key, `${at}.params.${key}`, () => false);
    if (problem) out.push(problem);
  }
  if (params.value !== undefined && typeof params.value !== 'number')
    out.push(msg(`${at}.params.value`, 'VALUE_INVALID', 'value must be a number.'));
  if (MONEY_EVENTS.has(String(event.name)) && params.value !== undefined) {
    if (typeof params.currency !== 'string' || !/^[A-Z]{3}$/.test(params.currency))
      out.push(
        msg(`${at}.params.currency`, 'VALUE_REQUIRED', 'currency (ISO 4217) is required when value is set.'),
      );
  }
  if (params.items !== undefined) {
    if (!Array.isArray(params.items))
      out.push(msg(`${at}.params.items`, 'VALUE_INVALID', 'items must be an array.'));
    else
      params.items.forEach((item: Record<string, unknown>, j: number) => {
        if (!item || (typeof item.item_id !== 'string' && typeof item.item_name !== 'string'))
          out.push(
            msg(`${at}.params.items[${j}]`, 'VALUE_REQUIRED', 'Each item needs item_id or item_name.'),
          );
      });
  }
  const micros = event.timestamp_micros;
  if (micros !== undefined && (typeof micros !== 'number' || now - micros / 1000 > GA4_LIMITS.backdateMs))
    out.push(
      msg(`${at}.timestamp_micros`, 'VALUE_OUT_OF_BOUNDS', 'Events may be back-dated up to 72 hours.'),
    );
  return out;
}

/** Every rule the body breaks; `bytes` is the body's size. */
export function validateGa4(body: unknown, bytes: number, now: number): Msg[] {
  if (bytes > GA4_LIMITS.bodyBytes) return [msg('', 'VALUE_OUT_OF_BOUNDS', 'The body must be under 130 kB.')];
  if (!body || typeof body !== 'object' || Array.isArray(body))
    return [msg('', 'VALUE_INVALID', 'The body must be a JSON object.')];
  const b = body as Record<string, unknown>;
  const out: Msg[] = [];
  if (typeof b.client_id !== 'string' || !b.client_id)
    out.push(msg('client_id', 'VALUE_REQUIRED', 'client_id is required for a web stream.'));
  const micros = b.timestamp_micros;
  if (
    micros !== undefined &&
    (typeof micros !== 'number' ||
      now - micros / 1000 > GA4_LIMITS.backdateMs ||
      micros / 1000 - now > 3_600_000)
  )
    out.push(
      msg(
        'timestamp_micros',
        'VALUE_OUT_OF_BOUNDS',
        'timestamp_micros may be back-dated up to 72 hours, never in the future.',
      ),
    );
  if (!Array.isArray(b.events) || b.events.length === 0)
    return [...out, msg('events', 'VALUE_REQUIRED', 'At least one event is required.')];
  if (b.events.length > GA4_LIMITS.eventsPerRequest)
    out.push(
      msg('events', 'EXCEEDED_MAX_ENTITIES', `At most ${GA4_LIMITS.eventsPerRequest} events per request.`),
    );
  b.events.forEach((e: Record<string, unknown>, i: number) => out.push(...eventMessages(e ?? {}, i, now)));
  return out;
}
