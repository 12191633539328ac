/**
 * What the Node SDK and the HTTP client read from the request the customer's browser sent to the
 * shop: Tandem's cookies, the IP, the user agent and Global Privacy Control. Accepts a Fetch
 * `Request`, a Node `IncomingMessage` (Express, Fastify's `raw`, plain http) or anything with
 * `headers`.
 */
import { parse } from 'hono/utils/cookie';
import { trustedForwarded } from '../http/forwarded.js';

type HeaderBag = Headers | Record<string, string | string[] | undefined>;

export type CustomerRequest =
  Request | { headers: HeaderBag; socket?: { remoteAddress?: string | undefined } | undefined; ip?: string };

export interface CustomerFields {
  cookies: Record<string, string>;
  ip?: string;
  user_agent?: string;
  gpc?: true;
}

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/** Cookie names the collector reads; everything else the browser sent stays with the shop. */
export const TANDEM_COOKIE = /^(_tdm_|_fbc$|_fbp$|__adroll_fpc$|neuroon_clicks$)/;

export function customerFields(
  request: CustomerRequest,
  options: { trustProxy?: boolean } = {},
): CustomerFields {
  const headers = request.headers as HeaderBag;
  const all = parse(header(headers, 'cookie') ?? '');
  const cookies = Object.fromEntries(Object.entries(all).filter(([name]) => TANDEM_COOKIE.test(name)));
  // The address the shop's proxy wrote, as the collector reads its own (`http/forwarded.ts`).
  const forwarded = trustedForwarded(header(headers, 'x-forwarded-for'), options.trustProxy ?? false);
  const node = request as { socket?: { remoteAddress?: string }; ip?: string };
  const ip = forwarded || node.ip || node.socket?.remoteAddress;
  const ua = header(headers, 'user-agent');
  return {
    cookies,
    ...(ip && { ip }),
    ...(ua && { user_agent: ua.slice(0, 1024) }),
    ...(header(headers, 'sec-gpc') === '1' && { gpc: true as const }),
  };
}
