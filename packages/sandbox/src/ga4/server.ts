/**
 * GA4 Measurement Protocol: `POST /mp/collect` answers 204 whatever it is sent and counts only
 * valid events of the right stream and secret; `POST /debug/mp/collect` answers the
 * `validationMessages` and counts nothing. A purchase counts once per `transaction_id`.
 */
import { Hono } from 'hono';
import { controlRoutes } from '../control.js';
import { apiEndpoint, type Answer, type ApiRequest, type PlatformState } from '../endpoint.js';
import type { FailSpec } from '../switches.js';
import { validateGa4, type ValidationMessage } from './validate.js';

export interface Ga4Credentials {
  /** The web stream's measurement ID (`G-...`). */
  measurementId: string;
  /** The Measurement Protocol API secret of that stream. */
  apiSecret: string;
}

const refuse = (spec: FailSpec): Answer => ({
  status: spec.status,
  body: { error: { code: spec.status, message: `staged HTTP ${spec.status}` } },
});

/** Stream and secret: GA4 silently drops what names another stream or secret. */
function credentialMessages(req: ApiRequest, creds: Ga4Credentials): ValidationMessage[] {
  if (req.query.measurement_id !== creds.measurementId)
    return [
      {
        fieldPath: 'measurement_id',
        validationCode: 'VALUE_INVALID',
        description: 'Unknown measurement_id.',
      },
    ];
  if (req.query.api_secret !== creds.apiSecret)
    return [
      {
        fieldPath: 'api_secret',
        validationCode: 'VALUE_INVALID',
        description: 'The api_secret does not belong to this stream.',
      },
    ];
  return [];
}

export function ga4App(state: PlatformState, creds: Ga4Credentials): Hono {
  const app = new Hono();
  app.route('/__sandbox', controlRoutes(state));
  const check = (req: ApiRequest): ValidationMessage[] => {
    if (req.bodyError)
      return [{ fieldPath: '', validationCode: 'VALUE_INVALID', description: req.bodyError }];
    const bytes = new TextEncoder().encode(JSON.stringify(req.body ?? null)).length;
    return [...credentialMessages(req, creds), ...validateGa4(req.body, bytes, req.now)];
  };

  app.post(
    '/debug/mp/collect',
    apiEndpoint(state, 'debug', refuse, (req) => ({ status: 200, body: { validationMessages: check(req) } })),
  );
  app.post(
    '/mp/collect',
    apiEndpoint(state, 'collect', refuse, (req) => {
      const messages = check(req);
      if (messages.length)
        return { status: 204, body: null, error: `dropped: ${messages.map((m) => m.fieldPath).join(', ')}` };
      const body = req.body as { events: Array<{ name: string; params?: { transaction_id?: unknown } }> };
      for (const event of body.events) {
        const tid = event.params?.transaction_id;
        const key =
          event.name === 'purchase' && typeof tid === 'string' && tid ? `purchase|${tid}` : undefined;
        state.ledger.count({
          path: 'server',
          event: event.name,
          ...(key ? { key } : {}),
          data: { ...body, events: [event] },
          time: req.now,
        });
      }
      return { status: 204, body: null };
    }),
  );
  return app;
}
