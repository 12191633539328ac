/** The few Web Crypto helpers the dashboard's login needs; Web APIs only, so it runs anywhere. */
const encoder = new TextEncoder();

/** Web Crypto's key type, named without the DOM library. */
export type Key = Awaited<ReturnType<typeof crypto.subtle.importKey>>;

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function randomToken(bytes = 18): string {
  return base64url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function hmacKey(secret: string, label: string): Promise<Key> {
  // A key per purpose, derived from the admin secret: changing the secret logs every session out.
  const base = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const derived = new Uint8Array(await crypto.subtle.sign('HMAC', base, encoder.encode(label)));
  return crypto.subtle.importKey('raw', derived, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
}

export async function sign(key: Key, message: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(message))));
}

/**
 * Compares two strings in time that depends on neither their content nor their length: both are
 * hashed under a key first, so the loop always runs over 32 bytes.
 */
export async function constantTimeEqual(key: Key, a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([
    crypto.subtle.sign('HMAC', key, encoder.encode(a)),
    crypto.subtle.sign('HMAC', key, encoder.encode(b)),
  ]);
  const xa = new Uint8Array(x);
  const ya = new Uint8Array(y);
  let diff = 0;
  for (let i = 0; i < xa.length; i++) diff |= (xa[i] ?? 0) ^ (ya[i] ?? 0);
  return diff === 0;
}

/** Equal-length strings compared without an early exit (for tokens whose length is public). */
export function sameToken(a: string, b: string): boolean {
  if (a.length !== b.length || a.length === 0) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}
