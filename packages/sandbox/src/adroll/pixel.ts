import { Hono } from 'hono';
import type { PlatformState } from '../endpoint.js';
import { corsHeaders, pixelReport, scriptLoaded } from '../pixel-report.js';
import { ROUNDTRIP_JS } from './roundtrip.js';
import type { AdRollCredentials } from './server.js';

/** `GET /j/<ADV>/roundtrip.js` and the pixel's reports; each `track` counts (AdRoll has no dedup). */
export function pixelRoutes(state: PlatformState, creds: AdRollCredentials): Hono {
  const app = new Hono();
  app.get('/j/:adv/roundtrip.js', (c) => {
    if (c.req.param('adv') !== creds.advertisable) return c.text('unknown advertisable', 404);
    scriptLoaded(c, state);
    return c.body(ROUNDTRIP_JS, 200, {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'no-store',
    });
  });
  app.options('/__sandbox/pixel', (c) => c.body(null, 204, corsHeaders));
  app.post('/__sandbox/pixel', (c) =>
    pixelReport(c, state, (call, now) => {
      if (call.method === 'track' && typeof call.event === 'string')
        state.ledger.count({ path: 'pixel', event: call.event, data: call, time: now });
    }),
  );
  return app;
}
