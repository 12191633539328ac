/**
 * Admin sessions without server state: the cookie carries an expiry and a nonce signed with a key
 * derived from the admin secret, so sessions survive restarts and work across collector instances,
 * and rotating the secret ends them all. The CSRF token is bound to the session's nonce.
 */
import { constantTimeEqual, hmacKey, randomToken, sign } from './crypto.js';

export interface Session {
  nonce: string;
  expires: number;
  csrf: string;
}

export interface SessionKeys {
  /** Issues a session cookie value valid until `now + ttl`. */
  issue(now: number): Promise<{ value: string; session: Session }>;
  /** The session a cookie value proves, or undefined when forged, malformed or expired. */
  verify(value: string | undefined, now: number): Promise<Session | undefined>;
  /** Checks the admin secret typed at the login form. */
  checkSecret(typed: string): Promise<boolean>;
  /** A token for the login form, bound to a pre-login cookie nonce (signed double submit). */
  loginToken(nonce: string): Promise<string>;
  checkLoginToken(nonce: string | undefined, token: string | undefined): Promise<boolean>;
}

export async function sessionKeys(adminSecret: string, ttlMs: number): Promise<SessionKeys> {
  const [sessionKey, csrfKey, compareKey] = await Promise.all([
    hmacKey(adminSecret, 'tandem dashboard session'),
    hmacKey(adminSecret, 'tandem dashboard csrf'),
    hmacKey(randomToken(32), 'tandem dashboard compare'),
  ]);
  const csrfFor = (nonce: string) => sign(csrfKey, `session:${nonce}`);
  return {
    async issue(now) {
      const nonce = randomToken();
      const expires = now + ttlMs;
      const signature = await sign(sessionKey, `${expires}.${nonce}`);
      return {
        value: `${expires}.${nonce}.${signature}`,
        session: { nonce, expires, csrf: await csrfFor(nonce) },
      };
    },
    async verify(value, now) {
      const parts = value?.split('.') ?? [];
      if (parts.length !== 3) return undefined;
      const [expiresText = '', nonce = '', signature = ''] = parts;
      const expected = await sign(sessionKey, `${expiresText}.${nonce}`);
      if (!(await constantTimeEqual(compareKey, expected, signature))) return undefined;
      const expires = Number(expiresText);
      if (!Number.isSafeInteger(expires) || expires <= now) return undefined;
      return { nonce, expires, csrf: await csrfFor(nonce) };
    },
    checkSecret: (typed) => constantTimeEqual(compareKey, typed, adminSecret),
    loginToken: (nonce) => sign(csrfKey, `login:${nonce}`),
    async checkLoginToken(nonce, token) {
      if (!nonce || !token) return false;
      return constantTimeEqual(compareKey, await sign(csrfKey, `login:${nonce}`), token);
    },
  };
}
