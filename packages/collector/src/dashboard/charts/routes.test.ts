import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../storage/types.js';
import { memoryStorage } from '../../storage/memory.js';
import { BASE, makeDashboard, recordPurchase, settleRow } from '../test-helpers.js';
import { EVENT_ROWS } from './routes.js';

/** Every share bar of a chart as `key: count/total`. */
function bars(html: string, chart: string) {
  const svg = new RegExp(`<svg[^>]*data-chart="${chart}"[\\s\\S]*?</svg>`).exec(html)?.[0] ?? '';
  return [...svg.matchAll(/data-key="([^"]+)" data-count="(\d+)" data-total="(\d+)"/g)].map(
    ([, k, c, t]) => `${k}: ${c}/${t}`,
  );
}

function days(html: string) {
  return [
    ...html.matchAll(
      /data-day="([^"]+)" data-both="(\d+)" data-pixel="(\d+)" data-server="(\d+)" data-none="(\d+)"/g,
    ),
  ]
    .filter(([, , ...n]) => n.some((x) => x !== '0'))
    .map(([, day, both, pixel, server, none]) => ({
      day,
      both: +both!,
      pixel: +pixel!,
      server: +server!,
      none: +none!,
    }));
}

describe('overview charts', () => {
  it('draws the numbers of the ledgers: paths per day, blocked share, success per destination, match quality', async () => {
    const dash = await makeDashboard();
    const { storage, now } = dash;
    const options = {
      adroll: { advertisableEid: 'A', pixelEid: 'P', attributionAware: false },
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
    const yesterday = t - 86_400_000;
    const em = 'b'.repeat(64);
    await recordPurchase(storage, '1', yesterday, { user: { em } });
    await recordPurchase(storage, '2', t - 1000);
    await recordPurchase(storage, '3', t - 500);
    await settleRow(storage, 'adroll', 'o_1', { status: 'delivered', via: 'pixel' }, t);
    await settleRow(storage, 'meta', 'o_1', { status: 'delivered', via: 'server' }, t);
    await settleRow(storage, 'meta', 'o_2', { status: 'delivered', via: 'server' }, t);
    await settleRow(storage, 'adroll', 'o_2', { status: 'dead', reason: 'HTTP 400' }, t);
    const pageView = (id: string, visitorId: string, pixels: StoredEvent['pixels']): StoredEvent => ({
      id,
      name: 'pageView',
      visitorId,
      receivedAt: t - 100,
      url: 'https://shop.test/',
      props: {},
      pixels,
      consent: { ads: true },
      ids: undefined,
    });
    for (const [vid, pixels] of [
      ['v1', { adroll: 'blocked', meta: 'blocked' }],
      ['v2', { adroll: 'loaded', meta: 'loaded' }],
      ['v3', { adroll: 'loaded', meta: 'blocked' }],
      ['v4', { adroll: 'loaded', meta: 'loaded' }],
    ] as const) {
      await storage.recordBeacon({ id: vid, seenAt: t - 100, consent: { ads: true } }, [
        pageView(`pv-${vid}-123`, vid, pixels),
      ]);
    }
    const browser = dash.client();
    await browser.login();
    const html = await (await browser.get(`${BASE}?days=7`)).text();
    expect(days(html)).toEqual([
      { day: '2026-11-22', both: 1, pixel: 0, server: 0, none: 0 },
      { day: '2026-11-23', both: 0, pixel: 0, server: 1, none: 1 },
    ]);
    expect({
      blocked: bars(html, 'blocked'),
      success: bars(html, 'success'),
      quality: bars(html, 'quality'),
    }).toEqual({
      blocked: ['blocked: 2/4'],
      success: ['adroll: 1/3', 'meta: 2/3'],
      quality: ['adct: 0/3', 'fbc-fbp: 0/3', 'email: 1/3', 'searchLogId: 0/3'],
    });
    expect(html).toContain('Pixels blocked: 50% (2 of 4)');
  });

  it("draws the storage's own aggregate when it offers one, without scanning the outbox", async () => {
    const storage = memoryStorage();
    const asked: number[] = [];
    const aggregated = {
      ...storage,
      listOutbox: () => Promise.reject(new Error('the overview must not scan the outbox')),
      listEvents: () => Promise.reject(new Error('the overview must not scan the events')),
      overviewStats: async (days: number) => {
        asked.push(days);
        return {
          paths: [{ day: '2026-11-23', both: 4, pixel: 3, server: 2, none: 1 }],
          quality: { total: 10, adct: 1, fbcOrFbp: 2, email: 3, searchLogId: 4 },
          blocked: { count: 3, total: 7 },
        };
      },
    };
    const dash = await makeDashboard({ storage: aggregated });
    const browser = dash.client();
    await browser.login();
    const html = await (await browser.get(`${BASE}?days=90`)).text();
    expect([asked, days(html), bars(html, 'quality'), bars(html, 'blocked')]).toEqual([
      [90],
      [{ day: '2026-11-23', both: 4, pixel: 3, server: 2, none: 1 }],
      ['adct: 1/10', 'fbc-fbp: 2/10', 'email: 3/10', 'searchLogId: 4/10'],
      ['blocked: 3/7'],
    ]);
    expect(html).not.toContain('events in this window');
  });

  it('says when the blocked share read only the latest events of the window, and not otherwise', async () => {
    // A storage without the read model: the page scans the latest events.
    const scanning = () => {
      const storage = memoryStorage();
      const { overviewStats: _readModel, ...scanOnly } = storage;
      return { storage, scanOnly };
    };
    const { storage, scanOnly } = scanning();
    const dash = await makeDashboard({ storage: scanOnly });
    const { now } = dash;
    const event = (i: number, at: number, state: 'loaded' | 'blocked'): StoredEvent => ({
      id: `e${i}`,
      name: 'page_view',
      visitorId: `v${i % 3}`,
      receivedAt: at,
      url: 'https://shop.test/',
      props: undefined,
      pixels: { adroll: state },
      consent: { ads: true },
      ids: undefined,
    });
    // 5,001 events in the window: the oldest (the only blocked one, visitor v0) is not read.
    const busy = Array.from({ length: EVENT_ROWS + 1 }, (_, i) =>
      event(i, now() - 1000 + i / 10, i === 0 ? 'blocked' : 'loaded'),
    );
    await storage.recordBeacon({ id: 'v0', seenAt: now(), consent: { ads: true } }, busy);
    const browser = dash.client();
    await browser.login();
    const cut = await (await browser.get(`${BASE}?days=7`)).text();
    expect([
      bars(cut, 'blocked'),
      cut.includes(`Covers the latest ${EVENT_ROWS} events in this window.`),
    ]).toEqual([['blocked: 0/3'], true]);

    const second = scanning();
    const quiet = await makeDashboard({ storage: second.scanOnly });
    await second.storage.recordBeacon({ id: 'v0', seenAt: quiet.now(), consent: { ads: true } }, [
      event(1, quiet.now() - 9 * 86_400_000, 'blocked'),
      event(2, quiet.now(), 'blocked'),
      event(3, quiet.now(), 'loaded'),
    ]);
    const other = quiet.client();
    await other.login();
    const whole = await (await other.get(`${BASE}?days=7`)).text();
    expect([bars(whole, 'blocked'), whole.includes('events in this window')]).toEqual([
      ['blocked: 1/2'],
      false,
    ]);
  });

  it('keeps to the window asked for, and to 30 days for anything else', async () => {
    const dash = await makeDashboard();
    const browser = dash.client();
    await browser.login();
    const count = async (q: string) => days(await (await browser.get(`${BASE}${q}`)).text()).length;
    const seven = (await (await browser.get(`${BASE}?days=7`)).text()).match(/data-day=/g)?.length;
    const other = (await (await browser.get(`${BASE}?days=5000`)).text()).match(/data-day=/g)?.length;
    expect([seven, other, await count('')]).toEqual([7, 30, 0]);
  });
});
