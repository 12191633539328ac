/**
 * @module
 * The marketer's dashboard: `dashboardRoutes(deps)` returns a Hono app that the collector mounts
 * at `<mount>/admin`. Server-rendered pages, no client script, every route behind the admin
 * secret and every form behind a CSRF token. See DASHBOARD.md.
 *
 * @example
 * app.route(`${mount}/admin`, dashboardRoutes({ adminSecret, basePath: `${mount}/admin`, storage, settings }));
 */
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { apiError } from '../errors.js';
import { isHttps } from '../http/client.js';
import { clientKey } from '../http/client-key.js';
import { readForm } from './auth/form.js';
import { loginLimiter } from './auth/limiter.js';
import { loginRoutes, logoutRoute, requireCsrf, requireSession } from './auth/routes.js';
import { sessionKeys } from './auth/session.js';
import { overviewRoutes } from './charts/routes.js';
import type { DashboardContext, DashboardEnv } from './context.js';
import { deliveryRoutes } from './deliveries/routes.js';
import { destinationRoutes } from './destinations/routes.js';
import type { DashboardDeps } from './ports.js';

export type * from './ports.js';

const DEFAULT_SESSION_MS = 8 * 3600_000;
const DEFAULT_IDLE_MS = 30 * 60_000;
/** Every dashboard form is small; a cap keeps an unauthenticated login post from costing memory. */
const MAX_FORM_BYTES = 64 * 1024;

export function dashboardRoutes(deps: DashboardDeps): Hono {
  if (deps.adminSecret.length < 16) {
    throw new Error('The dashboard admin secret must be at least 16 characters.');
  }
  const ctx: DashboardContext = {
    deps,
    base: deps.basePath.replace(/\/+$/, ''),
    now: deps.now ?? Date.now,
    keys: sessionKeys(deps.adminSecret, {
      ttlMs: deps.sessionMs ?? DEFAULT_SESSION_MS,
      idleMs: deps.sessionIdleMs ?? DEFAULT_IDLE_MS,
    }),
    limiter: loginLimiter(),
    // Who is logging in, for the login limiter (`http/client-key.ts`).
    clientKey:
      deps.clientKey ?? ((c) => clientKey(c, deps.trustProxy ?? false, deps.clientAddress) ?? 'direct'),
    // `X-Forwarded-Proto` counts only behind `trustProxy`, as for the collector's own cookies.
    secure: (c) =>
      deps.secureCookies === undefined || deps.secureCookies === 'auto'
        ? isHttps(c, deps.trustProxy ?? false)
        : deps.secureCookies,
  };
  const pages = new Hono<DashboardEnv>()
    .use('*', async (c, next) => {
      await next();
      // Pages are private and script-free: forbid caching, framing and any script.
      c.header('Cache-Control', 'no-store');
      c.header(
        'Content-Security-Policy',
        "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
      );
      c.header('X-Frame-Options', 'DENY');
      c.header('Referrer-Policy', 'no-referrer');
      c.header('X-Content-Type-Options', 'nosniff');
    })
    .use(
      '*',
      bodyLimit({
        maxSize: MAX_FORM_BYTES,
        onError: (c) =>
          apiError(c, 413, 'too_large', 'The form is larger than the dashboard accepts.', {
            fix: `Send at most ${MAX_FORM_BYTES} bytes.`,
          }),
      }),
    )
    .route('/', loginRoutes(ctx))
    .use('*', requireSession(ctx), readForm(), requireCsrf())
    .route('/', logoutRoute(ctx))
    .route('/', overviewRoutes(ctx))
    .route('/', destinationRoutes(ctx))
    .route('/', deliveryRoutes(ctx));
  // Callers mount a plain Hono app; the session variable stays inside.
  return new Hono().route('/', pages);
}
export { settingsService, type SettingsServiceDeps } from './settings-service.js';
