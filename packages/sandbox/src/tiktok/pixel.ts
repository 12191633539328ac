import { Hono } from 'hono';
import type { PlatformState } from '../endpoint.js';
import { corsHeaders, pixelReport, scriptLoaded } from '../pixel-report.js';
import { TIKTOK_DEDUP_WINDOW_MS } from './answers.js';
import { EVENTS_JS } from './events-js.js';

/**
 * `GET /i18n/pixel/events.js` and its reports: `track` calls of the configured pixel count with
 * `event|event_id` dedup (shared with the Events API), `page` calls as `Pageview`.
 */
export function tiktokPixelRoutes(state: PlatformState, pixelCode: string): Hono {
  const app = new Hono();
  app.get('/i18n/pixel/events.js', (c) => {
    scriptLoaded(c, state);
    return c.body(EVENTS_JS, 200, {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'no-store',
    });
  });
  app.options('/__sandbox/pixel', (c) => c.body(null, 204, corsHeaders));
  app.post('/__sandbox/pixel', (c) =>
    pixelReport(c, state, (call, now) => {
      if (call.pixelCode !== pixelCode) return;
      if (call.method === 'page') {
        state.ledger.count({ path: 'pixel', event: 'Pageview', data: call, time: now });
        return;
      }
      if (call.method !== 'track' || typeof call.event !== 'string') return;
      const id = typeof call.event_id === 'string' ? call.event_id : undefined;
      state.ledger.count(
        {
          path: 'pixel',
          event: call.event,
          ...(id ? { key: `${call.event}|${id}` } : {}),
          data: call,
          time: now,
        },
        TIKTOK_DEDUP_WINDOW_MS,
      );
    }),
  );
  return app;
}
