/**
 * With AdGuard's real lists enforced by Chromium, the platforms' pixel scripts are blocked before
 * they reach the sandbox, while Tandem's own tag and beacons pass. The same page in a plain
 * Chromium loads both pixels: the control that shows this test can fail.
 */
import { expect, test, chromium, type Page } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, type RunningDemo } from '@tandem/demo';
import { pixelScriptUrls } from '@tandem/sandbox';
import { chromiumArgs } from '../playwright.config.js';
import { launchAdblockChromium, type AdblockBrowser } from '../support/adblock.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-adblock-'));
let demo: RunningDemo;
let adblock: AdblockBrowser;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  demo = await startDemo({
    dbFile: join(dir, 'demo.db'),
    pixelHosts: 'real',
    shopOrigin: 'http://shop.test',
    consentMode: 'optout',
  });
  adblock = await launchAdblockChromium({ args: demo.chromiumArgs });
});
test.afterAll(async () => {
  await adblock?.close();
  await demo?.close();
  rmSync(dir, { recursive: true, force: true });
});
test.beforeEach(() => demo.sandbox.reset());

/** Every request the page made: its URL and how it ended (HTTP status or the network error). */
function watch(page: Page) {
  const outcomes: Array<{ url: string; outcome: string }> = [];
  page.on('requestfailed', (r) =>
    outcomes.push({ url: r.url(), outcome: r.failure()?.errorText ?? 'failed' }),
  );
  page.on('response', (r) => outcomes.push({ url: r.url(), outcome: String(r.status()) }));
  return outcomes;
}

const pageViews = async () => (await demo.storage.listEvents()).filter((e) => e.name === 'pageView').length;

test('the lists block every pixel before it reaches the sandbox; Tandem tag, extras and beacons pass', async () => {
  const page = await adblock.context.newPage();
  const outcomes = watch(page);
  const before = await pageViews();
  await page.goto(demo.adClickUrl());
  await expect.poll(pageViews).toBe(before + 1);

  const pixels = pixelScriptUrls(demo.sandbox);
  const of = (url: string) => outcomes.filter((o) => o.url === url).map((o) => o.outcome);
  expect(of(pixels.adroll)).toEqual(['net::ERR_BLOCKED_BY_CLIENT']);
  expect(of(pixels.meta)).toEqual(['net::ERR_BLOCKED_BY_CLIENT']);
  // TikTok's loader adds its own query string to the script's URL.
  expect(outcomes.filter((o) => o.url.startsWith(pixels.tiktok)).map((o) => o.outcome)).toEqual([
    'net::ERR_BLOCKED_BY_CLIENT',
  ]);
  expect(demo.sandbox.ledger('adroll').receipts).toEqual([]);
  expect(demo.sandbox.ledger('meta').receipts).toEqual([]);
  expect(demo.sandbox.ledger('tiktok').receipts).toEqual([]);

  const firstParty = outcomes.filter((o) => o.url.startsWith('http://shop.test/app-data/'));
  expect(firstParty.filter((o) => !/^2\d\d$/.test(o.outcome))).toEqual([]);
  // the ad click's landing loads the tag and its extras (click-ID capture): neither is blocked
  expect(firstParty.some((o) => o.url === 'http://shop.test/app-data/tag.js')).toBe(true);
  expect(firstParty.some((o) => o.url === 'http://shop.test/app-data/tag-extras.js')).toBe(true);
  await expect
    .poll(() => outcomes.filter((o) => o.url.startsWith('http://shop.test/app-data/e')).map((o) => o.outcome))
    .toContainEqual(expect.stringMatching(/^2\d\d$/));
  // Tandem's tag saw the failures too: its beacons tell the collector every pixel was blocked.
  await page.goto(new URL('/products/p-100', demo.shopUrl).toString());
  await expect
    .poll(async () => (await demo.storage.listEvents()).map((e) => e.pixels).filter((p) => p?.adroll))
    .toContainEqual({ adroll: 'blocked', meta: 'blocked', tiktok: 'blocked' });
  await page.close();
});

test('control: without the extension the same page loads both pixels from the sandbox', async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...chromiumArgs, ...demo.chromiumArgs],
  });
  try {
    const page = await (await browser.newContext({ ignoreHTTPSErrors: true })).newPage();
    await page.goto(demo.adClickUrl());
    const scripts = (p: 'adroll' | 'meta') =>
      demo.sandbox.ledger(p).receipts.filter((r) => r.endpoint === 'script').length;
    await expect.poll(() => [scripts('adroll'), scripts('meta')]).toEqual([1, 1]);
  } finally {
    await browser.close();
  }
});
