import { Hono } from 'hono';
import { controlRoutes } from '../control.js';
import { apiEndpoint, type Answer, type PlatformState } from '../endpoint.js';
import type { FailSpec } from '../switches.js';
import { TIKTOK_DEDUP_WINDOW_MS, tiktokAnswer } from './answers.js';
import { tiktokPixelRoutes } from './pixel.js';
import { validateTiktok } from './validate.js';

export interface TiktokCredentials {
  /** The Events API access token, sent as the `Access-Token` header. */
  accessToken: string;
  /** The pixel code (`event_source_id`, `ttq.load(...)`). */
  pixelCode: string;
}

/** Staged outages: TikTok's rate limit and token errors come as codes in an HTTP 200 answer. */
const refuse = (spec: FailSpec): Answer => {
  if (spec.status === 401) return tiktokAnswer(40105, 'Access token is incorrect or has been revoked.');
  if (spec.status === 429) return tiktokAnswer(40100, 'Requests made too frequently.');
  return tiktokAnswer(50000, 'System error. Please retry later.', 500);
};

/**
 * TikTok: the Events API (`POST /open_api/v1.3/event/track/`), `events.js` and its reports, all
 * counted in one ledger with TikTok's dedup of event name + `event_id` within 48 hours.
 */
export function tiktokApp(state: PlatformState, creds: TiktokCredentials): Hono {
  const app = new Hono();
  app.route('/__sandbox', controlRoutes(state));
  app.route('/', tiktokPixelRoutes(state, creds.pixelCode));
  app.post(
    '/open_api/v1.3/event/track/',
    apiEndpoint(state, 'track', refuse, (req) => {
      const token = req.headers.get('access-token');
      if (!token) return tiktokAnswer(40104, 'Access-Token is required in the header.');
      if (token !== creds.accessToken)
        return tiktokAnswer(40105, 'Access token is incorrect or has been revoked.');
      if (req.bodyError) return tiktokAnswer(40002, req.bodyError);
      const r = validateTiktok(req.body);
      if ('error' in r) return tiktokAnswer(40002, r.error);
      if (r.source !== 'web' || r.sourceId !== creds.pixelCode)
        return tiktokAnswer(40002, `event_source_id ${r.sourceId} is not a web pixel of this account.`);
      // Test events show in Events Manager's test tab and are never counted.
      if (!r.testEventCode)
        for (const event of r.events)
          state.ledger.count(
            {
              path: 'server',
              event: event.event,
              ...(event.event_id ? { key: `${event.event}|${event.event_id}` } : {}),
              data: event,
              time: req.now,
            },
            TIKTOK_DEDUP_WINDOW_MS,
          );
      return tiktokAnswer(0, 'OK');
    }),
  );
  return app;
}
