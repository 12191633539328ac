/**
 * The identifiers a conversion can carry for the platforms to match it on, and how to read each
 * from an outbox row's snapshot. The read model counts them per destination; `match-score.ts`
 * weighs them. SQLite reads the same paths (`node/sqlite-recovery.ts`).
 */
import type { Conversion } from '../../delivery/conversion.js';

export const IDENTIFIERS = [
  'email',
  'phone',
  'externalId',
  'name',
  'address',
  'ip',
  'userAgent',
  'fbc',
  'fbp',
  'adct',
  'adrollFpc',
  'searchLogId',
] as const;
export type Identifier = (typeof IDENTIFIERS)[number];

/**
 * Each identifier as the JSON paths that carry it in a snapshot: present when any path holds a
 * truthy value (`lines[*]` means any order line).
 */
export const IDENTIFIER_PATHS: Record<Identifier, readonly string[]> = {
  email: ['user.em'],
  phone: ['user.ph'],
  externalId: ['user.external_id', 'visitorId'],
  name: ['user.fn', 'user.ln'],
  address: ['user.ct', 'user.st', 'user.zp', 'user.country'],
  ip: ['ip'],
  userAgent: ['userAgent'],
  fbc: ['ids.fbc'],
  fbp: ['ids.fbp'],
  adct: ['ids.adct'],
  adrollFpc: ['ids.adroll_fpc'],
  searchLogId: ['lines[*].searchLogId'],
};

function at(value: unknown, path: string): unknown[] {
  const [head, ...rest] = path.split('.');
  if (head === undefined) return [value];
  if (head.endsWith('[*]')) {
    const list = at(value, head.slice(0, -3))[0];
    return Array.isArray(list) ? list.flatMap((item) => at(item, rest.join('.'))) : [];
  }
  const next =
    value && typeof value === 'object' && !Array.isArray(value) && Object.hasOwn(value, head)
      ? (value as Record<string, unknown>)[head]
      : undefined;
  return rest.length === 0 ? [next] : at(next, rest.join('.'));
}

/** Which identifiers a snapshot carries (JavaScript truthiness of the value). */
export function carried(payload: Partial<Conversion> | unknown): Record<Identifier, boolean> {
  const out = {} as Record<Identifier, boolean>;
  for (const id of IDENTIFIERS) out[id] = IDENTIFIER_PATHS[id].some((p) => at(payload, p).some(Boolean));
  return out;
}
