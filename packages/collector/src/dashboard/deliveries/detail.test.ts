import { describe, expect, it } from 'vitest';
import { seedKnownMix } from '../known-mix.js';
import { BASE, csrfOf, makeDashboard } from '../test-helpers.js';

const META_TOKEN = 'EAAsecretMetaToken-98765';
const ADROLL_TOKEN = 'adroll-secret-token-4321';

async function seeded() {
  const dash = await makeDashboard();
  await dash.deps.settings.save('meta', {
    enabled: true,
    token: META_TOKEN,
    mapping: { purchase: 'Purchase' },
    options: { pixelId: '123456789' },
  });
  await dash.deps.settings.save('adroll', {
    enabled: true,
    token: ADROLL_TOKEN,
    mapping: { purchase: 'purchase' },
    options: { advertisableEid: 'ADV1', pixelEid: 'PIX1' },
  });
  await seedKnownMix(dash.storage, dash.now());
  const browser = dash.client();
  await browser.login();
  return { ...dash, browser };
}

describe("a conversion's detail page", () => {
  it("shows the conversion, each platform's trail and the request body, never a token", async () => {
    const { browser } = await seeded();
    const res = await browser.get(`${BASE}/deliveries/ev-K-1`);
    const html = (await res.text()).replace(/&#39;/g, "'").replace(/&quot;/g, '"');
    expect(res.status).toBe(200);
    expect([html.includes(META_TOKEN), html.includes(ADROLL_TOKEN)]).toEqual([false, false]);
    expect(html).toContain('[token not shown]');
    expect(html).toContain('<h1>Order K-1</h1>');
    expect(/data-testid="click-ids">([^<]*)</.exec(html)?.[1]).toBe('adct, fbp');
    expect(/data-testid="consent">([^<]*)</.exec(html)?.[1]).toBe('ads yes');
    // The email goes out as the hash the snapshot holds, in Meta's user_data.
    expect(html).toMatch(new RegExp(`"em": \\[\\s*"${'a'.repeat(64)}"`));
    expect(html).toContain('"event_id": "ev-K-1"');
    const trail = [...html.matchAll(/<ol class="trail" data-testid="trail">([\s\S]*?)<\/ol>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/<li>([^<]*)<\/li>/g)].map((li) => li[1]),
    );
    expect(trail[1]).toEqual([
      'Planned at 2026-11-03 11:50 UTC as Purchase.',
      'Sent by the server and accepted at 12:00 UTC, after 1 send.',
    ]);
  });

  it('says what a waiting row waits for, and what a pixel settled', async () => {
    const { browser } = await seeded();
    const waiting = (await (await browser.get(`${BASE}/deliveries/ev-K-3`)).text()).replace(/&#39;/g, "'");
    expect(waiting).toContain("waiting for AdRoll's pixel until 12:05 UTC");
    expect(waiting).toContain('Waiting for the pixel until 12:05 UTC.');
    const pixel = await (await browser.get(`${BASE}/deliveries/ev-K-2`)).text();
    expect(pixel).toContain('The pixel delivered it; the server sent nothing.');
    expect(pixel).toContain(
      'Settled by the pixel at 12:00 UTC: it loaded on the purchase page, so nothing was sent.',
    );
  });

  it("marks an uncertain row as checked only with the session's CSRF token", async () => {
    const { browser, storage, client } = await seeded();
    const page = await (await browser.get(`${BASE}/deliveries/ev-K-6`)).text();
    expect(page).toContain('Mark as checked: in the platform report');
    const form = { destination: 'adroll', event: 'ev-K-6' };
    const forged = await browser.post(`${BASE}/deliveries/checked`, { ...form, csrf: 'forged' });
    const stranger = await client().post(`${BASE}/deliveries/checked`, { ...form, csrf: csrfOf(page) });
    // Without the session's token, or without a session at all, nothing changes.
    expect(forged.status).toBe(403);
    expect(stranger.headers.get('location') ?? '').not.toContain('checked=');
    expect((await storage.listOutbox({ eventId: 'ev-K-6', destination: 'adroll' }))[0]?.status).toBe(
      'uncertain',
    );
    const ok = await browser.post(`${BASE}/deliveries/checked`, { ...form, csrf: csrfOf(page) });
    expect([ok.status, ok.headers.get('location')]).toEqual([303, `${BASE}/deliveries/ev-K-6?checked=1`]);
    const [row] = await storage.listOutbox({ eventId: 'ev-K-6', destination: 'adroll' });
    expect([row?.status, row?.via]).toEqual(['delivered', 'server']);
    const after = await (await browser.get(`${BASE}/deliveries/ev-K-6?checked=1`)).text();
    expect(after).toContain('Marked as checked.');
    expect(after).not.toContain('Mark as checked: in the platform report');
  });

  it('answers 404 for an unknown event ID, and links every list row to its page', async () => {
    const { browser } = await seeded();
    expect((await browser.get(`${BASE}/deliveries/nope`)).status).toBe(404);
    const list = await (await browser.get(`${BASE}/deliveries`)).text();
    expect(list).toContain(`href="${BASE}/deliveries/ev-K-6"`);
  });
});
