import { Hono } from 'hono';
import { controlRoutes } from '../control.js';
import { apiEndpoint, type Answer, type PlatformState } from '../endpoint.js';
import type { FailSpec } from '../switches.js';
import { validateAdRoll } from './validate.js';
import { pixelRoutes } from './pixel.js';

export interface AdRollCredentials {
  /** Server access token, sent as `Authorization: Token <token>`. */
  token: string;
  /** Advertiser EID (`adroll_adv_id`, `?advertisable=`). */
  advertisable: string;
  /** Pixel EID (`adroll_pix_id`). */
  pixel: string;
}

// AdRoll documents no error body; the sandbox answers a short JSON message.
const fail = (status: Answer['status'], message: string): Answer => ({
  status,
  body: { message },
  error: message,
});

const refuse = (spec: FailSpec): Answer =>
  fail(spec.status, spec.status === 401 ? 'invalid or expired token' : `staged HTTP ${spec.status}`);

/**
 * AdRoll: `POST /api?advertisable=<ADV>` (server API, no dedup: every valid event counts) and the
 * pixel script with its report endpoint.
 */
export function adrollApp(state: PlatformState, creds: AdRollCredentials): Hono {
  const app = new Hono();
  app.route('/__sandbox', controlRoutes(state));
  app.route('/', pixelRoutes(state, creds));
  app.post(
    '/api',
    apiEndpoint(state, 'api', refuse, (req) => {
      if (req.headers.get('authorization') !== `Token ${creds.token}`)
        return fail(401, 'missing or invalid Authorization: Token header');
      if (req.query.advertisable !== creds.advertisable) return fail(404, 'unknown advertisable');
      if (req.bodyError) return fail(400, req.bodyError);
      const r = validateAdRoll(req.body, creds);
      if ('error' in r) return fail(400, r.error);
      if (req.query.dry_run === 'true')
        return { status: 200, body: { dry_run: true, valid: r.events.length } };
      for (const event of r.events)
        state.ledger.count({ path: 'server', event: event.event_name, data: event, time: req.now });
      return { status: 200, body: { received: r.events.length } };
    }),
  );
  return app;
}
