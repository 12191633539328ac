/**
 * Who is logging in, for the login limiter: the socket address, or behind a trusted proxy the
 * address that proxy appended to `X-Forwarded-For` (the last one: any earlier entry is whatever
 * the client wrote, and a guesser rotating it would be a new client on every try). IPv6 clients
 * are counted per /64, the block one subscriber usually holds.
 */
import type { Context } from 'hono';

export interface ClientKeyOptions {
  trustProxy?: boolean | undefined;
  clientAddress?: ((c: Context) => string | undefined) | undefined;
}

export function clientKey(options: ClientKeyOptions): (c: Context) => string {
  return (c) => {
    const forwarded = options.trustProxy
      ? c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim()
      : undefined;
    return addressKey(forwarded || options.clientAddress?.(c) || 'direct');
  };
}

/** An IPv6 address as its /64 (`2001:db8:1:2::/64`); anything else as written. */
export function addressKey(address: string): string {
  const ip = address.replace(/^\[|\]$/g, '').replace(/%.*$/, '');
  if (!ip.includes(':') || /^::ffff:\d/i.test(ip)) return ip.replace(/^::ffff:/i, '');
  const [head = '', tail] = ip.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = [...left, ...Array<string>(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}
