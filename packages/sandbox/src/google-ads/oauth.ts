/**
 * Google's OAuth 2.0 token endpoint, for the refresh-token grant only (RFC 6749 section 6):
 * a form-encoded `grant_type=refresh_token&client_id&client_secret&refresh_token` gets
 * `{access_token, expires_in, scope, token_type}`; errors are RFC 6749 section 5.2's
 * `{error, error_description}`. Issued access tokens expire; the Ads API checks them here.
 */
import type { Context } from 'hono';
import type { PlatformState } from '../endpoint.js';
import { ACCESS_TOKEN_SECONDS, type GoogleAdsCredentials } from './credentials.js';

export const ADWORDS_SCOPE = 'https://www.googleapis.com/auth/adwords';

export interface AccessTokens {
  /** Whether `token` was issued here and is unexpired at `now`: `expired` tells which failure. */
  check(token: string, now: number): 'valid' | 'expired' | 'unknown';
  /** Forgets every issued token (as a revoked grant does). */
  revokeAll(): void;
}

export function oauthRoute(state: PlatformState, creds: GoogleAdsCredentials) {
  const issued = new Map<string, number>();
  let serial = 0;
  const tokens: AccessTokens = {
    check(token, now) {
      const expiresAt = issued.get(token);
      if (expiresAt === undefined) return 'unknown';
      return expiresAt > now ? 'valid' : 'expired';
    },
    revokeAll: () => issued.clear(),
  };

  const handler = async (c: Context) => {
    const now = state.now();
    const type = c.req.header('content-type') ?? '';
    const form = /application\/x-www-form-urlencoded/i.test(type)
      ? new URLSearchParams(await c.req.text())
      : new URLSearchParams();
    const grant = form.get('grant_type');
    const answer = (status: 200 | 400 | 401, body: Record<string, unknown>, error?: string) => {
      // Secrets never reach the ledger: only the grant type and the client ID are kept.
      state.ledger.receive({
        path: 'server',
        endpoint: 'token',
        status,
        query: {},
        payload: { grant_type: grant, client_id: form.get('client_id') },
        ...(error ? { error } : {}),
        time: now,
      });
      return c.json(body, status);
    };
    const fail = (status: 400 | 401, error: string, description: string) =>
      answer(status, { error, error_description: description }, `${error}: ${description}`);
    if (!/application\/x-www-form-urlencoded/i.test(type))
      return fail(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    if (grant !== 'refresh_token')
      return fail(400, 'unsupported_grant_type', `Invalid grant_type: ${grant ?? ''}`);
    if (!form.get('client_id') || !form.get('client_secret') || !form.get('refresh_token'))
      return fail(400, 'invalid_request', 'client_id, client_secret and refresh_token are required');
    if (form.get('client_id') !== creds.clientId || form.get('client_secret') !== creds.clientSecret)
      return fail(401, 'invalid_client', 'Unauthorized');
    if (form.get('refresh_token') !== creds.refreshToken)
      return fail(400, 'invalid_grant', 'Token has been expired or revoked.');
    const accessToken = `ya29.sandbox-${++serial}-${Math.random().toString(36).slice(2, 12)}`;
    issued.set(accessToken, now + ACCESS_TOKEN_SECONDS * 1000);
    return answer(200, {
      access_token: accessToken,
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: ADWORDS_SCOPE,
      token_type: 'Bearer',
    });
  };
  return { handler, tokens };
}
