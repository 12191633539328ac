/** @jsxImportSource hono/jsx */
/**
 * Login, logout, and the two guards every other dashboard route sits behind: a valid session
 * cookie, and on every form post a CSRF token bound to that session.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { apiError } from '../../errors.js';
import { LOGIN_COOKIE, SESSION_COOKIE, field, type DashboardContext, type DashboardEnv } from '../context.js';
import { LoginPage } from '../views/login.js';
import { randomToken, sameToken } from './crypto.js';
import { readForm } from './form.js';

const WRONG = 'That secret did not open the dashboard.';

const setter = (ctx: DashboardContext) => (c: Context, name: string, value: string, maxAgeSeconds: number) =>
  setCookie(c, name, value, {
    path: ctx.base,
    httpOnly: true,
    sameSite: 'Strict',
    secure: ctx.secure(c),
    maxAge: maxAgeSeconds,
  });

export function loginRoutes(ctx: DashboardContext) {
  const cookie = setter(ctx);

  const showLogin = async (c: Context, status: 200 | 401 | 403 | 429, error?: string) => {
    const nonce = randomToken();
    cookie(c, LOGIN_COOKIE, nonce, 3600);
    const token = await (await ctx.keys).loginToken(nonce);
    return c.html(<LoginPage base={ctx.base} token={token} error={error} />, status);
  };

  return new Hono<DashboardEnv>()
    .get('/login', (c) => showLogin(c, 200))
    .post('/login', readForm(), async (c) => {
      const keys = await ctx.keys;
      const form = c.get('form');
      if (!(await keys.checkLoginToken(getCookie(c, LOGIN_COOKIE), field(form, 'csrf')))) {
        return showLogin(c, 403, 'The form expired. Please type the secret again.');
      }
      const client = ctx.clientKey(c);
      const now = ctx.now();
      const wait = ctx.limiter.waitMs(client, now);
      if (wait > 0) {
        c.header('Retry-After', String(Math.ceil(wait / 1000)));
        return showLogin(c, 429, `Too many attempts. Try again in ${Math.ceil(wait / 1000)} seconds.`);
      }
      if (!(await keys.checkSecret(field(form, 'secret')))) {
        ctx.limiter.fail(client, now);
        return showLogin(c, 401, WRONG);
      }
      ctx.limiter.succeed(client);
      const { value, session } = await keys.issue(now, await ctx.deps.storage.sessionEpoch());
      deleteCookie(c, LOGIN_COOKIE, { path: ctx.base, secure: ctx.secure(c) });
      cookie(c, SESSION_COOKIE, value, Math.floor((session.expires - now) / 1000));
      return c.redirect(ctx.base, 303);
    });
}

/**
 * Refuses every request without a valid session (forged, expired, idle too long, or ended by a log
 * out): pages redirect to the login form, posts get 401. A valid one gets its idle deadline moved on.
 */
export function requireSession(ctx: DashboardContext): MiddlewareHandler<DashboardEnv> {
  const cookie = setter(ctx);
  return async (c, next) => {
    const keys = await ctx.keys;
    const now = ctx.now();
    const valid = await keys.verify(getCookie(c, SESSION_COOKIE), now, await ctx.deps.storage.sessionEpoch());
    if (!valid) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return c.redirect(`${ctx.base}/login`, 303);
      return apiError(c, 401, 'unauthenticated', 'Log in to the dashboard first.', {
        where: 'session cookie',
        fix: `Log in at ${ctx.base}/login.`,
      });
    }
    const { value, session } = await keys.touch(valid, now);
    cookie(c, SESSION_COOKIE, value, Math.floor((session.expires - now) / 1000));
    c.set('session', session);
    await next();
  };
}

/**
 * Every state-changing request must carry the session's CSRF token in its `csrf` field (the form
 * is read by `readForm`, which runs first).
 */
export function requireCsrf(): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      if (!sameToken(field(c.get('form'), 'csrf'), c.get('session').csrf)) {
        return apiError(c, 403, 'csrf', 'The form is missing its security token or it does not match.', {
          where: 'csrf',
          fix: 'Reload the page and submit the form again.',
        });
      }
    }
    await next();
  };
}

/** Ends every session, on every instance: the cookie this browser holds, and any copy of one. */
export function logoutRoute(ctx: DashboardContext) {
  return new Hono<DashboardEnv>().post('/logout', async (c) => {
    await ctx.deps.storage.endSessions();
    deleteCookie(c, SESSION_COOKIE, { path: ctx.base, secure: ctx.secure(c) });
    return c.redirect(`${ctx.base}/login`, 303);
  });
}
