import { request } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hostResolverRules, startSandbox, type LedgerView, type Sandbox } from './index.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ neuroon: { shopId: 'demo' } });
});
afterAll(() => sandbox.close());

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

function httpsGet(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, servername: 'connect.facebook.net', rejectUnauthorized: false },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('startSandbox over HTTP', () => {
  it('stages a failure, records it, and resets through /__sandbox', async () => {
    const { url, credentials } = sandbox.adroll;
    expect((await post(`${url}/__sandbox/fail`, { status: 429, retryAfter: 3, times: 1 })).status).toBe(200);
    const api = `${url}/api?advertisable=${credentials.advertisable}`;
    const staged = await post(api, [], { authorization: `Token ${credentials.token}` });
    expect([staged.status, staged.headers.get('retry-after')]).toEqual([429, '3']);
    const after = await post(api, [], { authorization: `Token ${credentials.token}` });
    expect(after.status).toBe(400);
    const ledger = (await (await fetch(`${url}/__sandbox/ledger`)).json()) as LedgerView;
    expect(ledger.receipts.map((r) => r.status)).toEqual([429, 400]);
    expect(await (await post(`${url}/__sandbox/reset`, {})).json()).toEqual({ ok: true });
    expect(sandbox.ledger('adroll')).toEqual({
      platform: 'adroll',
      receipts: [],
      counted: [],
      duplicates: [],
    });
  });

  it("echoes the presented credential in each platform's error body when asked to", async () => {
    const { adroll, meta, neuroon } = sandbox;
    for (const p of [adroll, meta, neuroon])
      await post(`${p.url}/__sandbox/fail`, { status: 401, echoToken: true, times: 1 });
    const a = await post(`${adroll.url}/api?advertisable=X`, [], { authorization: 'Token adroll-secret-1' });
    const m = await post(`${meta.url}/v21.0/1/events`, { access_token: 'meta-secret-1', data: [] });
    const n = await post(
      `${neuroon.url}/api/plugin/shops/s/track/conversion`,
      {},
      { 'x-shop-api-key': 'sk_neuroon_1' },
    );
    expect([a.status, m.status, n.status]).toEqual([401, 401, 401]);
    expect(((await a.json()) as { message: string }).message).toBe(
      'invalid or expired token: invalid token adroll-secret-1',
    );
    expect(((await m.json()) as { error: { message: string } }).error.message).toContain(
      'invalid token meta-secret-1',
    );
    expect(((await n.json()) as { message: string }).message).toBe(
      'Invalid API key: invalid token sk_neuroon_1',
    );
    sandbox.reset();
  });

  it('refuses an invalid switch in the collector error shape', async () => {
    const res = await post(`${sandbox.meta.url}/__sandbox/fail`, { status: 418 });
    const body = (await res.json()) as { error: { code: string } };
    expect([res.status, body.error.code]).toEqual([400, 'invalid_switch']);
  });

  it("serves Meta's pixel over TLS with a certificate made at start", async () => {
    const res = await httpsGet(sandbox.meta.tlsPort!, '/en_US/fbevents.js');
    expect([res.status, res.body.includes('fbq')]).toEqual([200, true]);
  });

  it('gives the Chromium host rules for the pixel hosts', () => {
    expect(hostResolverRules(sandbox, { 'shop.test': 4000 })).toBe(
      `MAP s.adroll.com 127.0.0.1:${sandbox.adroll.port}, MAP connect.facebook.net 127.0.0.1:${sandbox.meta.tlsPort}, MAP analytics.tiktok.com 127.0.0.1:${sandbox.tiktok.tlsPort}, MAP shop.test 127.0.0.1:4000`,
    );
  });
});
