/**
 * Reads a posted form once, before any handler sees it. A body no form parser can read (a
 * multipart body without its boundary, cut short, or not multipart at all) is the client's fault:
 * 400 in the collector's one error shape, never the 500 that `parseBody`'s exception would become.
 */
import type { MiddlewareHandler } from 'hono';
import { apiError } from '../../errors.js';
import type { DashboardEnv, Form } from '../context.js';

export function readForm(): MiddlewareHandler<DashboardEnv> {
  return async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    let form: Form;
    try {
      form = await c.req.parseBody({ all: true });
    } catch {
      return apiError(c, 400, 'bad_form', 'The form could not be read.', {
        where: 'body',
        fix: 'Submit the form again from the dashboard page.',
      });
    }
    c.set('form', form);
    await next();
  };
}
