import { beforeEach, describe, expect, it } from 'vitest';
import { forgetGoogleAccessTokens, googleAccessToken } from './google-oauth.js';

const TOKEN = 'dev-token:GOCSPX-client-secret:1//refresh-token';
const URL_ = 'https://oauth2.example/token';
const T0 = Date.parse('2026-11-20T12:00:00.000Z');

function tokenEndpoint(answers: Array<{ status: number; body: unknown }>) {
  const calls: Array<{ url: string; body: string; type: string }> = [];
  const fetchFn = async (url: string, init: RequestInit) => {
    calls.push({
      url,
      body: String(init.body),
      type: (init.headers as Record<string, string>)['content-type'] ?? '',
    });
    const a = answers[Math.min(calls.length - 1, answers.length - 1)] ?? { status: 500, body: {} };
    return new Response(JSON.stringify(a.body), {
      status: a.status,
      headers: { 'content-type': 'application/json' },
    });
  };
  return { fetchFn, calls };
}

const ok = (n: number) => ({
  status: 200,
  body: { access_token: `ya29.a${n}`, expires_in: 3599, token_type: 'Bearer' },
});

describe('Google OAuth access tokens', () => {
  beforeEach(() => forgetGoogleAccessTokens());

  it('exchanges the refresh token, caches the access token, and refreshes it shortly before it expires', async () => {
    const t = tokenEndpoint([ok(1), ok(2)]);
    const at = (now: number) =>
      googleAccessToken(URL_, 'client-1', TOKEN, { fetch: t.fetchFn, now, timeoutMs: 1000 });
    expect(await at(T0)).toEqual({ token: 'ya29.a1' });
    expect(await at(T0 + 50 * 60_000)).toEqual({ token: 'ya29.a1' });
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toEqual({
      url: URL_,
      type: 'application/x-www-form-urlencoded',
      body: 'grant_type=refresh_token&client_id=client-1&client_secret=GOCSPX-client-secret&refresh_token=1%2F%2Frefresh-token',
    });
    expect(await at(T0 + 56 * 60_000)).toEqual({ token: 'ya29.a2' });
    expect(t.calls).toHaveLength(2);
  });

  it("pauses on a revoked refresh token or a wrong client, and retries the endpoint's 5xx", async () => {
    const ctx = (f: ReturnType<typeof tokenEndpoint>) => ({ fetch: f.fetchFn, now: T0, timeoutMs: 1000 });
    const revoked = tokenEndpoint([
      {
        status: 400,
        body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
      },
    ]);
    expect(await googleAccessToken(URL_, 'c', TOKEN, ctx(revoked))).toEqual({
      kind: 'paused',
      reason:
        'refresh token refused (OAuth token endpoint: invalid_grant (Token has been expired or revoked.))',
    });
    const client = tokenEndpoint([
      { status: 401, body: { error: 'invalid_client', error_description: 'Unauthorized' } },
    ]);
    expect(await googleAccessToken(URL_, 'c', TOKEN, ctx(client))).toMatchObject({ kind: 'paused' });
    const down = tokenEndpoint([{ status: 503, body: { error: 'backend' } }]);
    expect(await googleAccessToken(URL_, 'c', TOKEN, ctx(down))).toMatchObject({ kind: 'retry' });
  });
});
