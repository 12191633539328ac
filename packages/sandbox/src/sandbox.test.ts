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
      `MAP s.adroll.com 127.0.0.1:${sandbox.adroll.port}, MAP connect.facebook.net 127.0.0.1:${sandbox.meta.tlsPort}, MAP shop.test 127.0.0.1:4000`,
    );
  });
});
