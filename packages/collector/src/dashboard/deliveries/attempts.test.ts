/**
 * The detail page's attempt list, from a real send: the delivery engine sends a purchase to the
 * sandbox's Meta over HTTP, which fails once (echoing the token in its error) and then accepts it.
 * The page lists both attempts, newest first, with their statuses, the bodies as sent and the
 * answers, and never the token.
 */
import { startSandbox, type Sandbox } from '@tandem/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDeliveryEngine } from '../../delivery/engine.js';
import { BASE, makeDashboard, recordPurchase } from '../test-helpers.js';

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tls: false });
});
afterAll(() => sandbox.close());

/** Each `<li data-testid="attempt">` of the page: its number, status, body and answer. */
function attemptsOn(html: string) {
  const unescape = (s: string) =>
    s
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&amp;/g, '&');
  return [
    ...html.matchAll(/<li data-testid="attempt" data-n="(\d+)" data-status="(\w+)">([\s\S]*?)<\/li>/g),
  ].map((m) => ({
    n: Number(m[1]),
    status: m[2],
    badge: /data-testid="attempt-status">([^<]*)</.exec(m[3] ?? '')?.[1],
    body: unescape(/data-testid="attempt-body"[^>]*>([\s\S]*?)<\/pre>/.exec(m[3] ?? '')?.[1] ?? ''),
    answer: unescape(/data-testid="attempt-response"[^>]*>([\s\S]*?)<\/pre>/.exec(m[3] ?? '')?.[1] ?? ''),
  }));
}

describe("a delivery's attempts on its detail page", () => {
  it('lists a failed attempt and the accepted retry, newest first, as sent and answered', async () => {
    sandbox.reset();
    const { meta } = sandbox;
    const token = meta.credentials.accessToken;
    const dash = await makeDashboard();
    const saved = await dash.deps.settings.save('meta', {
      enabled: true,
      token,
      mapping: { purchase: 'Purchase' },
      options: { baseUrl: meta.url, pixelId: meta.credentials.pixelId },
    });
    expect(saved).toEqual({ ok: true });
    // The sandbox checks event times against its own clock: the engine's runs from now.
    let clock = Date.now();
    await recordPurchase(
      dash.storage,
      '5001',
      clock,
      {
        user: { em: 'b'.repeat(64) },
        ip: '203.0.113.0',
        userAgent: 'Mozilla/5.0 (attempts test)',
        pageUrl: 'https://shop.example/thanks',
      },
      ['meta'],
    );
    const engine = createDeliveryEngine({ storage: dash.storage, box: dash.box, fetch, now: () => clock });

    sandbox.fail('meta', { status: 500, echoToken: true, times: 1 });
    expect((await engine.runOnce()).meta).toMatchObject({ requests: 1, retried: 1 });
    clock += 3_600_000;
    expect((await engine.runOnce()).meta).toMatchObject({ requests: 1, delivered: 1 });
    expect(meta.ledger().receipts.map((r) => r.status)).toEqual([500, 200]);

    const browser = dash.client();
    await browser.login();
    const res = await browser.get(`${BASE}/deliveries/o_5001`);
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).not.toContain(token);
    const attempts = attemptsOn(html);
    expect(attempts.map((a) => [a.n, a.status, a.badge])).toEqual([
      [2, '200', 'HTTP 200'],
      [1, '500', 'HTTP 500'],
    ]);
    for (const a of attempts) {
      // Pretty JSON of the body as sent: the hash as the hash, the token replaced.
      const body = JSON.parse(a.body) as {
        data: Array<{ event_id: string; user_data: { em: string[] } }>;
        access_token: string;
      };
      expect(a.body).toContain('\n  "data": [');
      expect(body.data.map((e) => [e.event_id, e.user_data.em])).toEqual([['o_5001', ['b'.repeat(64)]]]);
      expect(body.access_token).toBe('[redacted]');
    }
    // The sandbox's 500 echoed the token: the excerpt keeps the rest of what it said.
    expect(attempts[1]?.answer).toContain('[redacted]');
    expect(attempts[0]?.answer).toContain('"events_received":1');
    // The decision trail is still there, after the attempts' history.
    expect(html).toContain('Sent by the server and accepted');
  });
});
