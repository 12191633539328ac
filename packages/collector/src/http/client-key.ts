/**
 * The key a client is limited by: its address, with an IPv6 address cut to its /64 (one home or
 * one server usually holds a whole /64, so per-address limits would not hold) and IPv4-mapped IPv6
 * treated as IPv4. Behind the shop's proxy (`trustProxy`), the last `X-Forwarded-For` entry: the
 * address the proxy itself saw (`forwarded.ts`), the same one `clientIp` sends to platforms.
 */
import type { Context } from 'hono';
import { expandV6 } from '../privacy/ip.js';
import { trustedForwarded } from './forwarded.js';

export type ClientAddress = (c: Context) => string | undefined;

export function addressKey(raw: string): string {
  let ip = raw
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '');
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  if (ip.includes('.')) return ip;
  const groups = expandV6(ip);
  return groups
    ? `${groups
        .slice(0, 4)
        .map((g) => g.toString(16))
        .join(':')}::/64`
    : ip;
}

export function clientKey(
  c: Context,
  trustProxy: boolean,
  socketAddress?: ClientAddress,
): string | undefined {
  const raw = trustedForwarded(c.req.header('x-forwarded-for'), trustProxy) || socketAddress?.(c);
  return raw ? addressKey(raw) : undefined;
}
