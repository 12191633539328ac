/**
 * Google's OAuth 2.0 for the Ads API (docs/platforms.md): the stored token holds the developer
 * token, the OAuth client secret and a refresh token; each send needs a short-lived access token,
 * obtained at the token endpoint with `grant_type=refresh_token` and cached until shortly before
 * it expires. A refused refresh token (`invalid_grant`, `invalid_client`) pauses the destination;
 * the token endpoint's 429/5xx and network failures are retried like any send.
 */
import { sendRequest } from '../delivery/send.js';
import { classifyStatus, excerpt } from './http.js';
import type { AuthorizeContext, Outcome } from './types.js';

/** The three secrets of the stored Google token, written `<developer token>:<client secret>:<refresh token>`. */
export interface GoogleSecrets {
  developerToken: string;
  clientSecret: string;
  refreshToken: string;
}

export const GOOGLE_TOKEN_FORMAT = '<developer token>:<client secret>:<refresh token>';

export function parseGoogleToken(token: string): GoogleSecrets | undefined {
  const parts = token.split(':');
  if (parts.length !== 3 || parts.some((p) => !p)) return undefined;
  const [developerToken, clientSecret, refreshToken] = parts as [string, string, string];
  return { developerToken, clientSecret, refreshToken };
}

export function googleTokenProblem(token: string): string | undefined {
  return parseGoogleToken(token)
    ? undefined
    : `the Google Ads token is three parts joined by colons: ${GOOGLE_TOKEN_FORMAT}`;
}

/** An access token is used until this long before Google says it expires. */
const EARLY_MS = 5 * 60_000;

interface Cached {
  accessToken: string;
  expiresAt: number;
}

/** Access tokens by token endpoint, client and refresh token (a changed token gets its own). */
const cache = new Map<string, Cached>();

/** Forgets every cached access token: after a 401 from the API, the next send refreshes. */
export function forgetGoogleAccessTokens(): void {
  cache.clear();
}

interface TokenAnswer {
  access_token?: unknown;
  expires_in?: unknown;
  error?: unknown;
  error_description?: unknown;
}

export async function googleAccessToken(
  tokenUrl: string,
  clientId: string,
  token: string,
  ctx: AuthorizeContext,
): Promise<{ token: string } | Outcome> {
  const secrets = parseGoogleToken(token);
  if (!secrets) return { kind: 'paused', reason: googleTokenProblem(token) ?? 'bad token' };
  const key = JSON.stringify([tokenUrl, clientId, secrets.clientSecret, secrets.refreshToken]);
  const hit = cache.get(key);
  if (hit && hit.expiresAt - EARLY_MS > ctx.now) return { token: hit.accessToken };
  const body = new URLSearchParams({
    grant_type: 'refresh_token',
    client_id: clientId,
    client_secret: secrets.clientSecret,
    refresh_token: secrets.refreshToken,
  });
  const response = await sendRequest(
    ctx.fetch,
    {
      url: tokenUrl,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: body.toString(),
    },
    ctx.timeoutMs,
    () => ctx.now,
  );
  if (!('status' in response)) return { ...response, reason: `OAuth token endpoint: ${response.reason}` };
  const answer = (typeof response.body === 'object' && response.body ? response.body : {}) as TokenAnswer;
  if (response.status === 200 && typeof answer.access_token === 'string' && answer.access_token) {
    const seconds = typeof answer.expires_in === 'number' ? answer.expires_in : 3600;
    cache.set(key, { accessToken: answer.access_token, expiresAt: ctx.now + seconds * 1000 });
    return { token: answer.access_token };
  }
  const error = typeof answer.error === 'string' ? answer.error : '';
  const detail = `OAuth token endpoint: ${error || excerpt(response.body)}${
    typeof answer.error_description === 'string' ? ` (${answer.error_description})` : ''
  }`;
  // RFC 6749 5.2: a revoked refresh token or a wrong client (400/401) needs the operator; the
  // conversions wait for the fix instead of failing.
  const { status } = response;
  if (status >= 400 && status < 500 && status !== 408 && status !== 429)
    return { kind: 'paused', reason: `refresh token refused (${detail})` };
  const outcome = classifyStatus(response, detail);
  return outcome.kind === 'delivered' ? { kind: 'retry', reason: `${detail}: no access token` } : outcome;
}
