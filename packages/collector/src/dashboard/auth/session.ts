/**
 * Admin sessions. The cookie carries an absolute expiry, an idle deadline, the session epoch it was
 * issued in and a random nonce, signed with a key derived from the admin secret: changing the
 * secret ends every session. The epoch lives in storage (`sessionEpoch` / `endSessions`), so
 * logging out ends every session at once, on every collector instance, and a copied cookie is
 * worthless after it. Each request that a session makes moves its idle deadline on (a fresh
 * cookie); a session left idle past it ends. The CSRF token is bound to the session's nonce.
 */
import { constantTimeEqual, hmacKey, randomToken, sign } from './crypto.js';

export interface Session {
  nonce: string;
  expires: number;
  idleUntil: number;
  epoch: number;
  csrf: string;
}

export interface SessionTimes {
  /** Absolute lifetime of a login. */
  ttlMs: number;
  /** A session unused for this long ends. */
  idleMs: number;
}

export interface SessionKeys {
  /** Issues a session cookie value for `epoch`, valid until `now + ttl` and idle after `now + idle`. */
  issue(now: number, epoch: number): Promise<{ value: string; session: Session }>;
  /** The same session with its idle deadline moved on from `now` (never past its expiry). */
  touch(session: Session, now: number): Promise<{ value: string; session: Session }>;
  /** The session a cookie value proves: undefined when forged, malformed, expired, idle or of a past epoch. */
  verify(value: string | undefined, now: number, epoch: number): Promise<Session | undefined>;
  /** Checks the admin secret typed at the login form. */
  checkSecret(typed: string): Promise<boolean>;
  /** A token for the login form, bound to a pre-login cookie nonce (signed double submit). */
  loginToken(nonce: string): Promise<string>;
  checkLoginToken(nonce: string | undefined, token: string | undefined): Promise<boolean>;
}

export async function sessionKeys(adminSecret: string, times: SessionTimes): Promise<SessionKeys> {
  const [sessionKey, csrfKey, compareKey] = await Promise.all([
    hmacKey(adminSecret, 'tandem dashboard session'),
    hmacKey(adminSecret, 'tandem dashboard csrf'),
    hmacKey(randomToken(32), 'tandem dashboard compare'),
  ]);
  const csrfFor = (nonce: string) => sign(csrfKey, `session:${nonce}`);
  const seal = async (s: Omit<Session, 'csrf'>) => {
    const body = `${s.expires}.${s.idleUntil}.${s.epoch}.${s.nonce}`;
    return {
      value: `${body}.${await sign(sessionKey, body)}`,
      session: { ...s, csrf: await csrfFor(s.nonce) },
    };
  };
  const idleFrom = (now: number, expires: number) => Math.min(expires, now + times.idleMs);
  return {
    issue(now, epoch) {
      const expires = now + times.ttlMs;
      return seal({ nonce: randomToken(), expires, idleUntil: idleFrom(now, expires), epoch });
    },
    touch: (s, now) => seal({ ...s, idleUntil: idleFrom(now, s.expires) }),
    async verify(value, now, epoch) {
      const parts = value?.split('.') ?? [];
      if (parts.length !== 5) return undefined;
      const [expiresText = '', idleText = '', epochText = '', nonce = '', signature = ''] = parts;
      const expected = await sign(sessionKey, `${expiresText}.${idleText}.${epochText}.${nonce}`);
      if (!(await constantTimeEqual(compareKey, expected, signature))) return undefined;
      const [expires, idleUntil, issuedIn] = [expiresText, idleText, epochText].map(Number) as [
        number,
        number,
        number,
      ];
      if (![expires, idleUntil, issuedIn].every(Number.isSafeInteger)) return undefined;
      if (expires <= now || idleUntil <= now || issuedIn !== epoch) return undefined;
      return { nonce, expires, idleUntil, epoch, csrf: await csrfFor(nonce) };
    },
    checkSecret: (typed) => constantTimeEqual(compareKey, typed, adminSecret),
    loginToken: (nonce) => sign(csrfKey, `login:${nonce}`),
    async checkLoginToken(nonce, token) {
      if (!nonce || !token) return false;
      return constantTimeEqual(compareKey, await sign(csrfKey, `login:${nonce}`), token);
    },
  };
}
