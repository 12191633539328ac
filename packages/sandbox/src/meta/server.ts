import { Hono } from 'hono';
import { controlRoutes } from '../control.js';
import { apiEndpoint, type Answer, type PlatformState } from '../endpoint.js';
import type { FailSpec } from '../switches.js';
import { META_DEDUP_WINDOW_MS, type MetaCredentials } from './credentials.js';
import { graphError, graphSuccess } from './errors.js';
import { metaPixelRoutes } from './pixel.js';
import { validateMeta } from './validate.js';

const refuse = (spec: FailSpec): Answer => {
  if (spec.status === 401)
    return graphError(401, {
      message: 'Error validating access token: Session has expired',
      code: 190,
      subcode: 463,
    });
  if (spec.status === 429)
    return graphError(429, { message: 'User request limit reached', code: 17, transient: true });
  return graphError(500, {
    message: 'An unexpected error has occurred. Please retry your request later.',
    code: 2,
    transient: true,
  });
};

export type { MetaCredentials };

/** Meta: the Conversions API, `fbevents.js` and its reports, all counted in one ledger with dedup. */
export function metaApp(state: PlatformState, creds: MetaCredentials): Hono {
  const app = new Hono();
  app.route('/__sandbox', controlRoutes(state));
  app.route('/', metaPixelRoutes(state, creds));
  app.post(
    '/:version/:pixel/events',
    apiEndpoint(state, 'events', refuse, (req) => {
      const body = req.body as { access_token?: unknown } | undefined;
      const token = typeof body?.access_token === 'string' ? body.access_token : req.query.access_token;
      if (!token) return graphError(400, { message: 'An access token is required', code: 190 });
      if (token !== creds.accessToken)
        return graphError(401, {
          message: 'Invalid OAuth access token - Cannot parse access token',
          code: 190,
        });
      if (!/^v\d+\.\d+$/.test(req.params.version ?? ''))
        return graphError(400, { message: `Unknown version ${req.params.version}`, code: 2635 });
      if (req.params.pixel !== creds.pixelId)
        return graphError(400, {
          message: `Unsupported post request. Object with ID '${req.params.pixel}' does not exist`,
          type: 'GraphMethodException',
          code: 100,
          subcode: 33,
        });
      if (req.bodyError) return graphError(400, { message: req.bodyError, code: 100 });
      const r = validateMeta(req.body, Math.floor(req.now / 1000));
      if ('error' in r)
        return graphError(400, { message: r.error.message, code: 100, subcode: r.error.subcode });
      // Test events show in Events Manager's test tab and are never counted.
      if (!r.testEventCode)
        for (const event of r.events)
          state.ledger.count(
            {
              path: 'server',
              event: event.event_name,
              ...(event.event_id ? { key: `${event.event_name}|${event.event_id}` } : {}),
              data: event,
              time: req.now,
            },
            META_DEDUP_WINDOW_MS,
          );
      return graphSuccess(r.events.length);
    }),
  );
  return app;
}
