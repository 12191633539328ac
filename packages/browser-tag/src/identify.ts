/**
 * `identify`: email and phone normalized the way Meta documents (docs/platforms.md) and SHA-256 hashed
 * with SubtleCrypto, so only digests leave the browser. A value already 64 hex characters passes
 * unchanged. SubtleCrypto exists only on https (and localhost); elsewhere nothing is sent.
 */
import type { HashedUser } from '@tandem/protocol';

const HEX64 = /^[0-9a-f]{64}$/;

/** NFC, trimmed, lowercased: Meta's rule for emails and the first step for phones. */
export const normalizeEmail = (v: unknown): string =>
  (/^[sn]/.test(typeof v) ? '' + v : '').normalize('NFC').trim().toLowerCase();

/** Digits only, with the country code the page gave, without leading zeros (`00` prefixes). */
export const normalizePhone = (v: unknown): string => {
  const s = normalizeEmail(v);
  return HEX64.test(s) ? s : s.replace(/\D/g, '').replace(/^0+/, '');
};

export async function sha256(v: string): Promise<string | undefined> {
  return !v || HEX64.test(v)
    ? v || undefined
    : Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(v))), (b) =>
        (b | 256).toString(16).slice(1),
      ).join('');
}

export async function hashUser(raw: unknown): Promise<HashedUser> {
  const u = (raw || {}) as Record<string, unknown>;
  return { em: await sha256(normalizeEmail(u.email)), ph: await sha256(normalizePhone(u.phone)) };
}
