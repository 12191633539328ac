/**
 * The short variant of `pnpm crash:delivery`: two SIGKILLs while the collector delivers under
 * order load, then every acknowledged order is counted once by every platform (Google Ads and
 * GA4 included), except AdRoll sends the engine holds as `uncertain` (in the database as such,
 * none counted twice).
 */
import { expect, it } from 'vitest';
import { runDeliveryCrash } from '../../bench/support/delivery-crash.js';

it('after kills mid-delivery, no platform counts an order twice and none is lost', async () => {
  const report = await runDeliveryCrash({
    rounds: 2,
    loadMs: 800,
    concurrency: 8,
    leaseMs: 4_000,
    timeoutMs: 2_000,
    retryBaseMs: 250,
    settleMs: 30_000,
  });
  expect(report.acknowledged).toBeGreaterThan(0);
  const { adroll, meta, neuroon, tiktok, googleAds, ga4 } = report.platforms;
  expect(adroll.once + adroll.uncertain).toBe(report.acknowledged);
  const bad = (f: typeof adroll) => ({
    missing: f.missing,
    countedTwice: f.countedTwice,
    otherStatus: f.otherStatus,
  });
  expect({
    adroll: bad(adroll),
    meta: { ...bad(meta), once: meta.once, uncertain: meta.uncertain },
    neuroon: { ...bad(neuroon), once: neuroon.once, uncertain: neuroon.uncertain },
    tiktok: { ...bad(tiktok), once: tiktok.once, uncertain: tiktok.uncertain },
    googleAds: { ...bad(googleAds), once: googleAds.once, uncertain: googleAds.uncertain },
    ga4: { ...bad(ga4), once: ga4.once, uncertain: ga4.uncertain },
  }).toEqual({
    adroll: { missing: 0, countedTwice: 0, otherStatus: 0 },
    meta: { missing: 0, countedTwice: 0, otherStatus: 0, once: report.acknowledged, uncertain: 0 },
    neuroon: { missing: 0, countedTwice: 0, otherStatus: 0, once: report.acknowledged, uncertain: 0 },
    tiktok: { missing: 0, countedTwice: 0, otherStatus: 0, once: report.acknowledged, uncertain: 0 },
    googleAds: { missing: 0, countedTwice: 0, otherStatus: 0, once: report.acknowledged, uncertain: 0 },
    ga4: { missing: 0, countedTwice: 0, otherStatus: 0, once: report.acknowledged, uncertain: 0 },
  });
  expect(report.pass).toBe(true);
}, 60_000);
