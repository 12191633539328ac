/**
 * What the collector learns about the HTTP client itself: its scheme and origin, honouring
 * `X-Forwarded-*` only when the shop said its proxy sets them (`trustProxy`).
 */
import type { Context } from 'hono';

export function isHttps(c: Context, trustProxy: boolean): boolean {
  if (trustProxy) {
    const proto = c.req.header('x-forwarded-proto')?.split(',')[0]?.trim();
    if (proto) return proto === 'https';
  }
  return new URL(c.req.url).protocol === 'https:';
}

/** The origin this collector is reached at, as the browser sees it. */
export function ownOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  const host = (trustProxy && c.req.header('x-forwarded-host')?.split(',')[0]?.trim()) || url.host;
  return `${isHttps(c, trustProxy) ? 'https' : 'http'}://${host}`;
}

/**
 * The client's IP: the first `X-Forwarded-For` address when a trusted proxy sets it, else the
 * socket address the runtime reports (`clientAddress`), else none.
 */
export function clientIp(
  c: Context,
  trustProxy: boolean,
  clientAddress?: (c: Context) => string | undefined,
): string | undefined {
  const forwarded = trustProxy ? c.req.header('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  return forwarded || clientAddress?.(c) || undefined;
}
