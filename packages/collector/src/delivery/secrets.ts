/**
 * Server tokens at rest: AES-256-GCM with WebCrypto (runtime-neutral), a random 96-bit IV per
 * encryption, and the key's ID in the envelope so keys can be rotated. The destination's name is
 * bound as additional data, so a ciphertext copied to another destination does not decrypt.
 *
 * Envelope: `v1:<keyId>:<iv base64url>:<ciphertext+tag base64url>`.
 * Keys come in from the Node entry (the environment); the core never reads them itself.
 */

export interface TokenKey {
  id: string;
  /** 32 random bytes, base64 (standard or URL-safe). */
  secret: string;
}

export class TokenKeyError extends Error {
  override name = 'TokenKeyError';
}

export interface TokenBox {
  /** The key new tokens are encrypted with (the first one given), or undefined without keys. */
  currentKeyId: string | undefined;
  encrypt(token: string, destination: string): Promise<string>;
  decrypt(envelope: string, destination: string): Promise<string>;
  /** The key ID an envelope names (no decryption). */
  keyIdOf(envelope: string): string;
  /** Re-encrypts under the current key (a no-op result when it already is). */
  rotate(envelope: string, destination: string): Promise<string>;
}

const KEY_ID = /^[\w-]{1,32}$/;

const toB64url = (bytes: Uint8Array): string =>
  btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');

function fromB64(text: string): Uint8Array<ArrayBuffer> {
  const std = text.replace(/-/g, '+').replace(/_/g, '/');
  const bin = atob(std + '='.repeat((4 - (std.length % 4)) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

/**
 * Parses `id:base64,id:base64` (the first key encrypts; all of them decrypt).
 * @example parseTokenKeys('k2:AAAA...,k1:BBBB...')
 */
export function parseTokenKeys(text: string): TokenKey[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const at = part.indexOf(':');
      if (at < 1) throw new TokenKeyError('each token key is written as <id>:<32 bytes in base64>');
      return { id: part.slice(0, at), secret: part.slice(at + 1) };
    });
}

/** A fresh key in the `id:base64` form `parseTokenKeys` reads. */
export function generateTokenKey(id: string): string {
  return `${id}:${toB64url(crypto.getRandomValues(new Uint8Array(32)))}`;
}

export async function createTokenBox(keys: readonly TokenKey[]): Promise<TokenBox> {
  const imported = new Map<string, Awaited<ReturnType<typeof crypto.subtle.importKey>>>();
  for (const { id, secret } of keys) {
    if (!KEY_ID.test(id))
      throw new TokenKeyError(`token key ID "${id}" must be 1-32 letters, digits, _ or -`);
    if (imported.has(id)) throw new TokenKeyError(`token key ID "${id}" is given twice`);
    let raw: Uint8Array<ArrayBuffer>;
    try {
      raw = fromB64(secret);
    } catch {
      throw new TokenKeyError(`token key "${id}" is not valid base64`);
    }
    if (raw.length !== 32)
      throw new TokenKeyError(`token key "${id}" must be 32 bytes (it is ${raw.length})`);
    imported.set(id, await crypto.subtle.importKey('raw', raw, 'AES-GCM', false, ['encrypt', 'decrypt']));
  }
  const currentKeyId = keys[0]?.id;
  const aad = (destination: string) => new TextEncoder().encode(`tandem-token:${destination}`);

  function split(envelope: string) {
    const parts = envelope.split(':');
    if (parts.length !== 4 || parts[0] !== 'v1') throw new TokenKeyError('not a Tandem token envelope');
    return { keyId: parts[1] as string, iv: parts[2] as string, data: parts[3] as string };
  }

  const box: TokenBox = {
    currentKeyId,
    async encrypt(token, destination) {
      const key = currentKeyId === undefined ? undefined : imported.get(currentKeyId);
      if (!key || currentKeyId === undefined) {
        throw new TokenKeyError('no token key is configured, so server tokens cannot be stored');
      }
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const params = { name: 'AES-GCM', iv, additionalData: aad(destination) };
      const data = new Uint8Array(await crypto.subtle.encrypt(params, key, new TextEncoder().encode(token)));
      return `v1:${currentKeyId}:${toB64url(iv)}:${toB64url(data)}`;
    },
    async decrypt(envelope, destination) {
      const { keyId, iv, data } = split(envelope);
      const key = imported.get(keyId);
      if (!key)
        throw new TokenKeyError(
          `the ${destination} token was encrypted with key "${keyId}", which is not configured`,
        );
      try {
        const params = { name: 'AES-GCM', iv: fromB64(iv), additionalData: aad(destination) };
        return new TextDecoder().decode(await crypto.subtle.decrypt(params, key, fromB64(data)));
      } catch {
        throw new TokenKeyError(
          `the ${destination} token does not decrypt with key "${keyId}" (wrong key or damaged value)`,
        );
      }
    },
    keyIdOf: (envelope) => split(envelope).keyId,
    async rotate(envelope, destination) {
      if (split(envelope).keyId === currentKeyId) return envelope;
      return box.encrypt(await box.decrypt(envelope, destination), destination);
    },
  };
  return box;
}

/** What the dashboard and CLI may show of a token. */
export const tokenLast4 = (token: string): string => token.slice(-4);
