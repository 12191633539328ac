import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact.js';

const TOKEN = 'my-platform-token-1';

describe('redactSecrets', () => {
  it.each([
    ['the destination token as written', `invalid token ${TOKEN}`, 'invalid token [redacted]'],
    ['URL-encoded', `bad key ${encodeURIComponent('a b/c+d')}`, 'bad key [redacted]', ['a b/c+d']],
    ['JSON-escaped', JSON.stringify({ m: 'x"y\\z1' }), '{"m":"[redacted]"}', ['x"y\\z1']],
    [
      'access_token parameters',
      'GET /v1?access_token=abc123DEF456&x=1',
      'GET /v1?access_token=[redacted]&x=1',
    ],
    ['access_token in JSON', '{"access_token":"abcdefgh123"}', '{"access_token":"[redacted]"}'],
    [
      'an Authorization header',
      'sent Authorization: Token s3cr3tvalue',
      'sent Authorization: Token [redacted]',
    ],
    ['a bearer token', 'Bearer abcdefgh.ijk', 'Bearer [redacted]'],
    ['Meta tokens', 'token EAABwzLixnjYBAKZCZBqZBZB0ZD expired', 'token [redacted] expired'],
    ['JWTs', 'jwt eyJhbGciOi.eyJzdWIiOiIx.SflKxwRJSM done', 'jwt [redacted] done'],
    ['kind-prefixed API keys', 'Invalid API key sk_live_abcdef12', 'Invalid API key [redacted]'],
    ['long hex', `sig ${'ab12'.repeat(8)} bad`, 'sig [redacted] bad'],
    ['Google access tokens', 'expired ya29.a0AfB_byC-12xyz now', 'expired [redacted] now'],
    ['Google refresh tokens', 'grant 1//0gLx-Yz_abcdef revoked', 'grant [redacted] revoked'],
    ['Google client secrets', 'client GOCSPX-abcDEF123_x wrong', 'client [redacted] wrong'],
    [
      'GA4 api_secret parameters',
      'POST /mp/collect?api_secret=abcdEFGH12&x',
      'POST /mp/collect?api_secret=[redacted]&x',
    ],
    ['long mixed base64', 'key Zm9vYmFyQmF6UXV4MTIzNDU2Nzg5MGFiY2RlZg== x', 'key [redacted] x'],
  ])('removes %s', (_what, text, expected, secrets: string[] = [TOKEN]) => {
    expect(redactSecrets(text, secrets)).toBe(expected);
  });

  it.each([
    'HTTP 400: {"error":{"message":"Invalid parameter","code":100}}',
    'HTTP 401: Error validating access token: Session has expired',
    'network: connect ECONNREFUSED 127.0.0.1:443',
    'event o_0a1b2c3d4e5f6g7h8i9j0k1l2m3n4o gave up after 12 attempts',
    'POST /api/plugin/shops/sandbox-shop/track/conversion refused',
  ])('keeps what is not a secret: %s', (text) => {
    expect(redactSecrets(text, [TOKEN])).toBe(text);
  });
});
