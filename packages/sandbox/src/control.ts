import { Hono } from 'hono';
import type { ZodType } from 'zod';
import type { PlatformState } from './endpoint.js';
import { FailSpec, SlowSpec } from './switches.js';

/**
 * `/__sandbox/*` on every platform server: the ledger, the failure and slow switches, reset.
 * Errors use the collector's shape `{error: {code, message, fix?}}`.
 */
export function controlRoutes(state: PlatformState): Hono {
  const app = new Hono();
  app.get('/ledger', (c) => c.json(state.ledger.view()));
  app.post('/fail', async (c) => {
    const spec = parse(FailSpec, await c.req.json().catch(() => undefined));
    if ('error' in spec) return c.json(spec, 400);
    state.switches.fail(spec.value);
    return c.json({ ok: true });
  });
  app.post('/slow', async (c) => {
    const spec = parse(SlowSpec, await c.req.json().catch(() => undefined));
    if ('error' in spec) return c.json(spec, 400);
    state.switches.slow(spec.value);
    return c.json({ ok: true });
  });
  app.post('/reset', (c) => {
    state.ledger.reset();
    state.switches.reset();
    return c.json({ ok: true });
  });
  return app;
}

function parse<T>(schema: ZodType<T>, input: unknown) {
  const r = schema.safeParse(input);
  if (r.success) return { value: r.data };
  const issue = r.error.issues[0];
  return {
    error: {
      code: 'invalid_switch',
      message: `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
      fix: 'send JSON such as {"status": 429, "retryAfter": 5, "times": 1} or {"delayMs": 2000}',
    },
  };
}
