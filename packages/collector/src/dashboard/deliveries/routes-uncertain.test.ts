import { describe, expect, it } from 'vitest';
import { BASE, makeDashboard, recordPurchase, settleRow } from '../test-helpers.js';

const REASON =
  'interrupted mid-send: AdRoll may or may not have counted it; replay only if its report lacks the order';

describe('deliveries page: rows held as uncertain', () => {
  it('shows an uncertain row with its reason and replays that one row on request', async () => {
    const { storage, now, client } = await makeDashboard();
    await storage.putSettings({
      destination: 'adroll',
      enabled: true,
      mapping: { purchase: 'purchase' },
      options: { advertisableEid: 'ADV1', pixelEid: 'PIX1', attributionAware: false },
      updatedAt: 1,
    });
    const t = now();
    await recordPurchase(storage, '2001', t - 2000);
    await recordPurchase(storage, '2002', t - 1000);
    await settleRow(storage, 'adroll', 'o_2001', { status: 'uncertain', reason: REASON }, t);
    await settleRow(storage, 'adroll', 'o_2002', { status: 'uncertain', reason: REASON }, t);
    const browser = client();
    await browser.login();
    const html = await (await browser.get(`${BASE}/deliveries?order=2001`)).text();
    const cell = /<td data-destination="adroll" data-status="(\w+)">([\s\S]*?)<\/td>/.exec(html);
    expect([
      cell?.[1],
      cell?.[2]
        ?.replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ]).toEqual([
      'uncertain',
      `uncertain: check the platform as purchase ${REASON} details Replay: not in the platform report`,
    ]);
    const csrf = /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
    const res = await browser.post(`${BASE}/deliveries/replay`, {
      csrf,
      status: 'uncertain',
      destination: 'adroll',
      event: 'o_2001',
    });
    expect([res.status, res.headers.get('location')]).toEqual([
      303,
      `${BASE}/deliveries?replayed=1&held=uncertain`,
    ]);
    const rows = await storage.listOutbox({ destination: 'adroll' });
    expect(rows.map((r) => [r.eventId, r.status, r.attempts])).toEqual([
      ['o_2002', 'uncertain', 1],
      ['o_2001', 'pending', 0],
    ]);
    const after = await (await browser.get(`${BASE}/deliveries?replayed=1&held=uncertain`)).text();
    expect(after).toContain('1 uncertain rows queued again.');
  });
});
