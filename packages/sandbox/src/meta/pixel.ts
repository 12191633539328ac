import { Hono } from 'hono';
import type { PlatformState } from '../endpoint.js';
import { corsHeaders, pixelReport, scriptLoaded } from '../pixel-report.js';
import { FBEVENTS_JS } from './fbevents.js';
import { META_DEDUP_WINDOW_MS, type MetaCredentials } from './credentials.js';

/** `GET /en_US/fbevents.js` and its reports; `track` calls count with `event|eventID` dedup. */
export function metaPixelRoutes(state: PlatformState, creds: MetaCredentials): Hono {
  const app = new Hono();
  app.get('/en_US/fbevents.js', (c) => {
    scriptLoaded(c, state);
    return c.body(FBEVENTS_JS, 200, {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'no-store',
    });
  });
  app.options('/__sandbox/pixel', (c) => c.body(null, 204, corsHeaders));
  app.post('/__sandbox/pixel', (c) =>
    pixelReport(c, state, (call, now) => {
      const tracked = call.method === 'track' || call.method === 'trackCustom';
      if (!tracked || typeof call.event !== 'string' || call.pixelId !== creds.pixelId) return;
      const id = typeof call.eventID === 'string' ? call.eventID : undefined;
      state.ledger.count(
        {
          path: 'pixel',
          event: call.event,
          ...(id ? { key: `${call.event}|${id}` } : {}),
          data: call,
          time: now,
        },
        META_DEDUP_WINDOW_MS,
      );
    }),
  );
  return app;
}
