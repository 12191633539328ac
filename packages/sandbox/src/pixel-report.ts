import type { Context } from 'hono';
import type { PlatformState } from './endpoint.js';

/** CORS for pixel reports: the page's origin posts to the platform's host. */
export const corsHeaders = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
};

/**
 * Reads a pixel's report (a JSON call sent as text/plain so the browser needs no preflight),
 * records it as a `pixel` receipt, and hands it to `count`. Failure switches never apply here:
 * they stage outages of the server API.
 */
export async function pixelReport(
  c: Context,
  state: PlatformState,
  count: (call: Record<string, unknown>, now: number) => void,
): Promise<Response> {
  const now = state.now();
  let call: unknown;
  try {
    call = JSON.parse(await c.req.text());
  } catch {
    call = undefined;
  }
  const ok = !!call && typeof call === 'object' && !Array.isArray(call);
  state.ledger.receive({
    path: 'pixel',
    endpoint: ok ? String((call as { method?: unknown }).method ?? 'call') : 'call',
    status: ok ? 204 : 400,
    query: {},
    payload: call,
    ...(ok ? {} : { error: 'the pixel report is not a JSON object' }),
    time: now,
  });
  if (ok) count(call as Record<string, unknown>, now);
  return c.body(null, ok ? 204 : 400, corsHeaders);
}

/** Records that the browser fetched the pixel script (so a test can tell "never reached us"). */
export function scriptLoaded(c: Context, state: PlatformState): void {
  state.ledger.receive({
    path: 'pixel',
    endpoint: 'script',
    status: 200,
    query: {},
    payload: { path: new URL(c.req.url).pathname, referer: c.req.header('referer') ?? null },
    time: state.now(),
  });
}
