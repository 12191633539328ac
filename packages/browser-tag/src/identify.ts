/**
 * `identify` (an extra): email and phone normalized the way Meta documents (docs/platforms.md)
 * and SHA-256 hashed
 * with SubtleCrypto, so only digests leave the browser. A value already 64 hex characters passes
 * unchanged. SubtleCrypto exists only on https (and localhost); elsewhere nothing is sent.
 */
import type { HashedUser } from '@tandem/protocol';

const SHA256_HEX = /^[0-9a-f]{64}$/;

/** NFC, trimmed, lowercased: Meta's rule for emails and the first step for phones. */
export function normalizeEmail(value: unknown): string {
  const text = typeof value === 'string' || typeof value === 'number' ? String(value) : '';
  return text.normalize('NFC').trim().toLowerCase();
}

/** Digits only, with the country code the page gave, without leading zeros (`00` prefixes). */
export function normalizePhone(value: unknown): string {
  const text = normalizeEmail(value);
  if (SHA256_HEX.test(text)) return text;
  return text.replace(/\D/g, '').replace(/^0+/, '');
}

const hex = (bytes: ArrayBuffer): string =>
  Array.from(new Uint8Array(bytes), (byte) => byte.toString(16).padStart(2, '0')).join('');

/** SHA-256 hex of a normalized value; a digest passes as it is; empty gives undefined. */
export async function sha256(value: string): Promise<string | undefined> {
  if (!value) return undefined;
  if (SHA256_HEX.test(value)) return value;
  return hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(value)));
}

export async function hashUser(raw: unknown): Promise<HashedUser> {
  const fields = (raw ?? {}) as Record<string, unknown>;
  return { em: await sha256(normalizeEmail(fields.email)), ph: await sha256(normalizePhone(fields.phone)) };
}
