import { describe, expect, it } from 'vitest';
import { BASE, makeDashboard, recordPurchase, settleRow } from '../test-helpers.js';

/** Reads the deliveries table: per conversion, its order and each destination's status text. */
function table(html: string) {
  const rows = html.match(/<tr data-event="[^"]+">[\s\S]*?<\/tr>/g) ?? [];
  return rows.map((row) => {
    const cells = [...row.matchAll(/<td data-destination="(\w+)" data-status="(\w+)">([\s\S]*?)<\/td>/g)];
    return {
      order: /data-testid="detail-link">([^<]*)</.exec(row)?.[1],
      cells: Object.fromEntries(
        cells.map(([, d, kind, inner]) => [
          d,
          `${kind}: ${(inner ?? '')
            .replace(/<a class="muted"[^>]*>details<\/a>/, '')
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim()}`,
        ]),
      ),
    };
  });
}

async function seeded() {
  const dash = await makeDashboard();
  const { storage, now } = dash;
  const options = {
    adroll: { advertisableEid: 'ADV1', pixelEid: 'PIX1', attributionAware: false },
    meta: { pixelId: '123456789' },
  };
  for (const destination of ['adroll', 'meta'] as const) {
    await storage.putSettings({
      destination,
      enabled: true,
      mapping: { purchase: destination === 'meta' ? 'Purchase' : 'purchase' },
      options: options[destination],
      updatedAt: 1,
    });
  }
  const t = now();
  await recordPurchase(storage, '1001', t - 5000);
  await recordPurchase(storage, '1002', t - 4000);
  await recordPurchase(storage, '1003', t - 3000, { consent: { ads: false } });
  await recordPurchase(storage, '1004', t - 2000);
  await settleRow(storage, 'adroll', 'o_1001', { status: 'delivered', via: 'pixel' }, t);
  await settleRow(storage, 'meta', 'o_1001', { status: 'delivered', via: 'server' }, t);
  await settleRow(
    storage,
    'adroll',
    'o_1002',
    { status: 'retry', nextAttemptAt: t + 60_000, reason: 'HTTP 503' },
    t,
  );
  await settleRow(storage, 'meta', 'o_1002', { status: 'dead', reason: 'HTTP 400: invalid event_time' }, t);
  const browser = dash.client();
  await browser.login();
  return { ...dash, browser };
}

describe('deliveries page', () => {
  it('lists recent conversions newest first with each destination status, platform event and reason', async () => {
    const { browser } = await seeded();
    const html = await (await browser.get(`${BASE}/deliveries`)).text();
    expect(table(html)).toEqual([
      {
        order: '1004',
        cells: {
          // AdRoll holds a purchase without a beacon for its pixel's grace period (5 minutes).
          adroll: 'waiting: waiting for AdRoll&#39;s pixel until 12:04 UTC as purchase',
          meta: 'queued: queued: sending soon as Purchase',
        },
      },
      {
        order: '1003',
        cells: { adroll: 'skipped: skipped no ad consent', meta: 'skipped: skipped no ad consent' },
      },
      {
        order: '1002',
        cells: {
          adroll: 'retrying: retrying at 12:01 UTC after HTTP 503 as purchase',
          meta: 'dead: failed as Purchase HTTP 400: invalid event_time',
        },
      },
      {
        order: '1001',
        cells: {
          adroll: 'delivered: delivered by pixel as purchase',
          meta: 'delivered: delivered by server as Purchase',
        },
      },
    ]);
  });

  it('finds one order by its ID', async () => {
    const { browser } = await seeded();
    const html = await (await browser.get(`${BASE}/deliveries?order=1002`)).text();
    expect(table(html).map((r) => r.order)).toEqual(['1002']);
    const none = await (await browser.get(`${BASE}/deliveries?order=nope`)).text();
    expect([table(none), none.includes('No conversions found.')]).toEqual([[], true]);
  });

  it('filters dead letters and replays them per destination', async () => {
    const { browser, storage, now } = await seeded();
    const dead = await (await browser.get(`${BASE}/deliveries?status=dead`)).text();
    expect(table(dead).map((r) => [r.order, Object.keys(r.cells)])).toEqual([['1002', ['meta']]]);
    expect(dead).toContain('Replay 1 failed for Meta Conversions API');
    const csrf = /name="csrf" value="([^"]+)"/.exec(dead)?.[1] ?? '';
    const res = await browser.post(`${BASE}/deliveries/replay`, { csrf, destination: 'meta' });
    expect([res.status, res.headers.get('location')]).toEqual([303, `${BASE}/deliveries?replayed=1`]);
    const rows = await storage.listOutbox({ eventId: 'o_1002', destination: 'meta' });
    expect(
      rows.map((r) => ({ status: r.status, attempts: r.attempts, nextAttemptAt: r.nextAttemptAt })),
    ).toEqual([{ status: 'pending', attempts: 0, nextAttemptAt: now() }]);
    const after = await (await browser.get(`${BASE}/deliveries?replayed=1`)).text();
    expect([
      after.includes('1 failed deliveries queued again.'),
      after.includes('No failed deliveries.'),
    ]).toEqual([true, true]);
  });

  it('renders odd stored data as text instead of failing', async () => {
    const { storage, now, client } = await makeDashboard();
    const t = now();
    const odd: Array<[string, unknown]> = [
      [
        'e_future',
        { time: 8.64e15 * 10, orderId: 'far-future', value: 1, currency: 'EUR', platformEvent: 'Purchase' },
      ],
      ['e_nan', { time: Number.NaN, orderId: 'not-a-time' }],
      [
        'e_types',
        {
          time: t - 1000,
          orderId: { id: 7 },
          value: 'ten',
          currency: 5,
          shopEvent: 42,
          platformEvent: ['x'],
        },
      ],
      ['e_null', null],
    ];
    for (const [eventId, payload] of odd) {
      await storage.recordOrder(
        {
          orderId: eventId,
          kind: 'purchase',
          eventId,
          value: 1,
          currency: 'EUR',
          lines: [],
          user: {},
          consent: { ads: true },
          source: 'server',
          confirmedAt: t,
        },
        [{ destination: 'meta', eventId, payload, status: 'skipped', reason: 'odd', nextAttemptAt: t }],
      );
    }
    const browser = client();
    await browser.login();
    // The overview reads the same snapshots for its charts.
    expect((await browser.get(`${BASE}?days=7`)).status).toBe(200);
    const res = await browser.get(`${BASE}/deliveries`);
    const html = await res.text();
    const rows = (html.match(/<tr data-event="[^"]+">[\s\S]*?<\/tr>/g) ?? []).map((row) =>
      [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map(([, inner]) =>
        (inner ?? '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/&quot;/g, '"')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );
    // The order of rows without a usable time is the grouping's business; here only the text counts.
    rows.sort((a, b) => String(a[1]).localeCompare(String(b[1])));
    expect([res.status, rows]).toEqual([
      200,
      [
        ['2026-11-23 11:59', '{"id":7} (42)', 'ten 5', 'skipped odd details'],
        ['2026-11-23 12:00', 'e_null', '', 'skipped odd details'],
        ['86400000000000000 (not a date)', 'far-future', '1 EUR', 'skipped odd details'],
        ['NaN (not a date)', 'not-a-time', '', 'skipped odd details'],
      ],
    ]);
  });
});
