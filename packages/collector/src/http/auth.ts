/**
 * The server key check: `Authorization: Bearer <key>`, compared in constant time. Both sides are
 * hashed first so the comparison length never depends on the caller's input.
 */
import { sha256Hex } from '../privacy/hash.js';

export async function bearerMatches(header: string | undefined, key: string): Promise<boolean> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  const given = match?.[1] ?? '';
  const [a, b] = await Promise.all([sha256Hex(given), sha256Hex(key)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0 && given.length > 0;
}
