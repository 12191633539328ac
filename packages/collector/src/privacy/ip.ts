/**
 * IP truncation before storage: IPv4 to its /24 (last octet zeroed), IPv6 to its /48 (the
 * first three groups). IPv4-mapped IPv6 addresses are treated as IPv4. Anything that does not
 * parse as an address is dropped rather than stored.
 */

const V4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function truncateV4(ip: string): string | undefined {
  const m = V4.exec(ip);
  if (!m) return undefined;
  const octets = m.slice(1, 5).map(Number);
  if (octets.some((o) => o > 255)) return undefined;
  return `${octets[0]}.${octets[1]}.${octets[2]}.0`;
}

export function expandV6(ip: string): number[] | undefined {
  if (!/^[0-9a-f:]+$/i.test(ip) || ip.split('::').length > 2) return undefined;
  const [head = '', tail] = ip.split('::');
  const parse = (part: string) => (part === '' ? [] : part.split(':'));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  if (groups.some((g) => g.length === 0 || g.length > 4)) return undefined;
  return groups.map((g) => parseInt(g, 16));
}

function clean(raw: string): string {
  let ip = raw.trim();
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  return ip.replace(/%.*$/, ''); // zone index (fe80::1%eth0)
}

export function truncateIp(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const ip = clean(raw);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  if (mapped) return truncateV4(mapped[1]!);
  if (ip.includes('.')) return truncateV4(ip);
  const groups = expandV6(ip);
  if (!groups) return undefined;
  return `${groups
    .slice(0, 3)
    .map((g) => g.toString(16))
    .join(':')}::`;
}

/**
 * The full address as platforms take it (IPv4 dotted, IPv6 lowercase; IPv4-mapped IPv6 as IPv4),
 * or undefined when it does not parse. Kept only as long as the IP policy allows (DELIVERY.md).
 */
export function normalizeIp(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const ip = clean(raw);
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(ip);
  const v4 = mapped ? mapped[1]! : ip;
  if (v4.includes('.')) return truncateV4(v4) ? v4.split('.').map(Number).join('.') : undefined;
  return expandV6(ip) ? ip.toLowerCase() : undefined;
}
