import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KNOWN_FIGURES, seedKnownMix } from '@tandem/collector/testing';
import {
  ADMIN_SECRET,
  TOKENS,
  startDashboardStack,
  type DashboardStack,
} from '../support/dashboard-stack.js';

let stack: DashboardStack;
test.beforeAll(async () => {
  stack = await startDashboardStack();
  for (const [destination, options, event] of [
    ['meta', { pixelId: '123456789' }, 'Purchase'],
    ['adroll', { advertisableEid: 'ADV1', pixelEid: 'PIX1' }, 'purchase'],
  ] as const) {
    await stack.storage.putSettings({
      destination,
      enabled: true,
      mapping: { purchase: event },
      options,
      updatedAt: 1,
    });
  }
  await seedKnownMix(stack.storage, Date.now());
});
test.afterAll(async () => stack.close());

/** The screenshots packages/collector/DASHBOARD.md shows (docs/dashboard/), also attached to the test report. */
async function shot(page: Page, name: string) {
  const dir = join(dirname(new URL(import.meta.url).pathname), '..', '..', 'docs', 'dashboard');
  mkdirSync(dir, { recursive: true });
  const body = await page.screenshot({ path: join(dir, `${name}.png`), scale: 'css' });
  await test.info().attach(name, { body, contentType: 'image/png' });
}

const row = (page: Page, table: string, destination: string, cell: string) =>
  page.locator(`[data-testid="${table}"] tr[data-destination="${destination}"] [data-cell="${cell}"]`);

test('the overview shows what the server path recovered, from seeded data', async ({ page }) => {
  const seen: string[] = [];
  page.on('response', async (res) => {
    if (res.request().resourceType() === 'document') seen.push(await res.text().catch(() => ''));
  });
  await page.goto(`${stack.adminUrl}/login`);
  await page.getByLabel('Admin secret').fill(ADMIN_SECRET);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Last 30 days' }).click();
  await expect(page.getByRole('link', { name: 'Last 30 days' })).toHaveAttribute('aria-current', 'page');
  await expect(page.getByRole('link', { name: 'Last 30 days' })).toHaveClass(/selected/);
  await expect(page.getByRole('link', { name: 'Last 7 days' })).not.toHaveClass(/selected/);

  await test.step('the recovered number comes first, in total and per platform', async () => {
    const first = page.locator('main section').first();
    await expect(first).toHaveAttribute('data-testid', 'recovered');
    const f = KNOWN_FIGURES.recovered;
    await expect(page.getByTestId('recovered-share')).toHaveText(f.share);
    await expect(page.getByTestId('recovered-value')).toHaveText(f.value);
    await expect(page.getByTestId('recovered-count')).toHaveText(f.count);
    await expect(page.getByTestId('total-value')).toHaveText(f.total);
    for (const [d, [count, share, value]] of Object.entries(KNOWN_FIGURES.perPlatform)) {
      await expect(row(page, 'recovered-table', d, 'recovered')).toHaveText(count);
      await expect(row(page, 'recovered-table', d, 'share')).toHaveText(share);
      await expect(row(page, 'recovered-table', d, 'value')).toHaveText(value);
    }
    await expect(page.locator('[data-testid="recovered-table"] th[scope="row"]')).toHaveText([
      'AdRoll',
      'Meta Conversions API',
    ]);
  });

  await test.step('rows by state: waiting is never a failure; skips grouped by reason', async () => {
    for (const [d, states] of Object.entries(KNOWN_FIGURES.states)) {
      for (const [cell, value] of Object.entries(states)) {
        await expect(row(page, 'states-table', d, cell)).toHaveText(new RegExp(`^${value}`));
      }
      const skips = KNOWN_FIGURES.skips[d as 'adroll' | 'meta'];
      await expect(row(page, 'states-table', d, 'skipped').locator('[data-skip]')).toHaveText(skips);
    }
    for (const [d, [server, pixel]] of Object.entries(KNOWN_FIGURES.revenue)) {
      await expect(row(page, 'revenue-table', d, 'server')).toHaveText(server);
      await expect(row(page, 'revenue-table', d, 'pixel')).toHaveText(pixel);
    }
  });

  await test.step('match quality as a score, with its trend and two hints', async () => {
    for (const d of ['adroll', 'meta'] as const) {
      const card = page.locator(`[data-testid="match"] .card[data-destination="${d}"]`);
      await expect(card.getByTestId('score')).toHaveText(KNOWN_FIGURES.scores[d]);
      await expect(card.getByTestId('trend')).toHaveText(KNOWN_FIGURES.trends[d]);
      await expect(card.locator('li')).toHaveText(KNOWN_FIGURES.hints[d]);
    }
    // The charts keep their accessible table.
    await expect(page.locator('svg[role="img"][aria-labelledby="paths-title"]')).toBeVisible();
    await expect(page.getByTestId('paths-table')).toBeAttached();
  });
  await shot(page, 'overview');

  await test.step('overview -> deliveries -> a detail page -> back', async () => {
    await page
      .getByRole('navigation', { name: 'Dashboard' })
      .getByRole('link', { name: 'Deliveries' })
      .click();
    await expect(page.locator('th[scope="col"]')).toContainText(['AdRoll', 'Meta Conversions API']);
    await expect(page.locator('tr[data-event="ev-K-3"] td[data-destination="adroll"]')).toContainText(
      /waiting for AdRoll's pixel until \d\d:\d\d UTC/,
    );
    await expect(page.locator('tr[data-event="ev-K-6"] td[data-destination="meta"]')).toContainText(
      /retrying at \d\d:\d\d UTC after HTTP 429/,
    );
    await shot(page, 'deliveries');
    await page.locator('tr[data-event="ev-K-1"]').getByTestId('detail-link').click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Order K-1');
    await expect(page.getByTestId('click-ids')).toHaveText('adct, fbp');
    await expect(page.locator('section[data-destination="meta"] [data-testid="request-body"]')).toContainText(
      '"event_id": "ev-K-1"',
    );
    await expect(page.locator('section[data-destination="meta"] [data-testid="trail"] li')).toHaveText([
      /^Planned at .* as Purchase\.$/,
      /^Sent by the server and accepted at .*, after 1 send\.$/,
    ]);
    await shot(page, 'delivery-detail');
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Deliveries');
    await page.goBack();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overview');
  });

  await page.goto(`${stack.adminUrl}/destinations/meta`);
  await shot(page, 'destination');

  await test.step('every page fits 375 px without sideways scrolling', async () => {
    await page.setViewportSize({ width: 375, height: 812 });
    for (const [path, name] of [
      ['?days=30', 'overview'],
      ['/deliveries', 'deliveries'],
      ['/deliveries/ev-K-6', 'delivery-detail'],
      ['/destinations/meta', 'destination'],
    ]) {
      await page.goto(`${stack.adminUrl}${path}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await shot(page, `phone-${name}`);
    }
  });

  for (const html of seen) {
    expect([html.includes(TOKENS.adroll), html.includes(TOKENS.meta)]).toEqual([false, false]);
  }
});
