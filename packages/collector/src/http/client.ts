/**
 * What the collector learns about the HTTP client itself: its scheme, origin and IP, honouring
 * `X-Forwarded-*` only as `forwarded.ts` says (behind `trustProxy`, the entry the proxy wrote).
 */
import type { Context } from 'hono';
import { trustedForwarded } from './forwarded.js';

export function isHttps(c: Context, trustProxy: boolean): boolean {
  const proto = trustedForwarded(c.req.header('x-forwarded-proto'), trustProxy);
  if (proto) return proto === 'https';
  return new URL(c.req.url).protocol === 'https:';
}

/** The origin this collector is reached at, as the browser sees it. */
export function ownOrigin(c: Context, trustProxy: boolean): string {
  const url = new URL(c.req.url);
  const host = trustedForwarded(c.req.header('x-forwarded-host'), trustProxy) || url.host;
  return `${isHttps(c, trustProxy) ? 'https' : 'http'}://${host}`;
}

/**
 * The client's IP (the one sent to platforms): the last `X-Forwarded-For` address when a trusted
 * proxy sets it, the same one the rate limits count (`client-key.ts`), else the socket address the
 * runtime reports (`clientAddress`), else none.
 */
export function clientIp(
  c: Context,
  trustProxy: boolean,
  clientAddress?: (c: Context) => string | undefined,
): string | undefined {
  return trustedForwarded(c.req.header('x-forwarded-for'), trustProxy) || clientAddress?.(c) || undefined;
}
