import { expect, test, type Page } from '@playwright/test';
import { dirname, join } from 'node:path';
import {
  ADMIN_SECRET,
  TOKENS,
  startDashboardStack,
  type DashboardStack,
} from '../support/dashboard-stack.js';

let stack: DashboardStack;
test.beforeAll(async () => {
  stack = await startDashboardStack();
});
test.afterAll(async () => stack.close());

/** Screenshots go to e2e/artifacts/, beside the tests folder. */
const shot = (page: Page, name: string) =>
  page.screenshot({
    path: join(dirname(test.info().file), '..', 'artifacts', `dashboard-${name}.png`),
    fullPage: true,
  });

function order(orderId: string) {
  return stack.collector.recordOrder('purchase', {
    order_id: orderId,
    value: 59.9,
    currency: 'EUR',
    products: [{ id: 'sku-1', quantity: 1, price: 59.9 }],
    email: 'jane@example.com',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
    page_url: 'https://shop.test/thanks',
    ip: '203.0.113.7',
    consent: { ads: true },
  });
}

/** The status cell of one destination in the deliveries row of one order. */
const cell = (page: Page, orderId: string, destination: string) =>
  page.locator(
    `tr:has([data-testid="detail-link"]:text-is("${orderId}")) td[data-destination="${destination}"]`,
  );

test('a marketer configures destinations, watches deliveries and reads the charts', async ({ page }) => {
  const seen: string[] = [];
  page.on('response', async (res) => {
    if (res.url().includes('/app-data/admin') && res.request().resourceType() === 'document') {
      seen.push(await res.text().catch(() => ''));
    }
  });

  await test.step('every page asks for the secret; a wrong one gives nothing away', async () => {
    await page.goto(`${stack.adminUrl}/deliveries`);
    await expect(page).toHaveURL(`${stack.adminUrl}/login`);
    await shot(page, 'login');
    await page.getByLabel('Admin secret').fill('not the secret');
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('alert')).toHaveText('That secret did not open the dashboard.');
    await page.getByLabel('Admin secret').fill(ADMIN_SECRET);
    await page.getByRole('button', { name: 'Log in' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Overview');
    const cookie = (await page.context().cookies()).find((c) => c.name === 'tdm_admin');
    expect([cookie?.httpOnly, cookie?.sameSite, cookie?.path]).toEqual([true, 'Strict', '/app-data/admin']);
  });

  await test.step('AdRoll: options, token (shown back as its last four), test connection, sharing on', async () => {
    await page
      .getByRole('navigation', { name: 'Dashboard' })
      .getByRole('link', { name: 'Destinations' })
      .click();
    await shot(page, 'destinations');
    await page.getByRole('link', { name: 'AdRoll' }).click();
    await page.getByLabel('Advertiser ID (adroll_adv_id)').fill('ADV1');
    await page.getByLabel('Pixel ID (adroll_pix_id)').fill('PIX1');
    await page.getByLabel('Attribution-aware').selectOption('false');
    await page.getByLabel('Server mode').selectOption('always');
    await page.getByRole('button', { name: 'Save options' }).click();
    await expect(page.getByRole('status')).toHaveText('Options saved.');
    await page.getByLabel('Paste the token').fill(TOKENS.adroll);
    await page.getByRole('button', { name: 'Save token' }).click();
    await expect(page.getByTestId('token-state')).toHaveText('A token ending in 4242 is stored (encrypted).');
    await expect(page.getByLabel('Replace the token')).toHaveValue('');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect(page.getByRole('status')).toHaveText(
      'Test connection (dry run): AdRoll accepted the test request.',
    );
    expect(stack.platform.ledger.filter((r) => r.platform === 'adroll')).toEqual([
      expect.objectContaining({ platform: 'adroll', dryRun: true }),
    ]);
    await page.getByRole('button', { name: 'Turn sharing on' }).click();
    await expect(page.getByTestId('sharing-state')).toHaveText('on');
    await shot(page, 'destination-adroll');
  });

  await test.step('Meta: pixel ID, token, sharing on', async () => {
    await page.goto(`${stack.adminUrl}/destinations/meta`);
    await page.getByLabel('Pixel ID').fill('123456789');
    await page.getByRole('button', { name: 'Save options' }).click();
    await page.getByLabel('Paste the token').fill(TOKENS.meta);
    await page.getByRole('button', { name: 'Save token' }).click();
    await expect(page.getByTestId('token-state')).toHaveText('A token ending in 7788 is stored (encrypted).');
    await page.getByRole('button', { name: 'Turn sharing on' }).click();
    await expect(page.getByTestId('sharing-state')).toHaveText('on');
  });

  await test.step('the tokens are encrypted in the database and never appear in a page', async () => {
    const bytes = stack.databaseBytes();
    expect([bytes.includes(TOKENS.adroll), bytes.includes(TOKENS.meta)]).toEqual([false, false]);
    const stored = await stack.storage.listSettings();
    expect(stored.map((s) => [s.destination, s.tokenCiphertext?.startsWith('v1:k1:')])).toEqual([
      ['adroll', true],
      ['meta', true],
    ]);
  });

  await test.step('a new mapping applies to the next conversion; earlier ones keep theirs', async () => {
    await order('A-1');
    await page.goto(`${stack.adminUrl}/destinations/meta`);
    await page.getByLabel('Platform event, row 1').selectOption('Subscribe');
    await page.getByRole('button', { name: 'Add rows' }).click();
    await page.getByLabel('Shop event, row 2').selectOption('refund');
    await page.getByLabel('Platform event, row 2').selectOption('Subscribe');
    await page.getByRole('button', { name: 'Save mapping' }).click();
    await expect(page.getByRole('status')).toHaveText(
      'Mapping saved. It applies to conversions from now on.',
    );
    expect((await stack.storage.getSettings('meta'))?.mapping).toEqual({
      purchase: 'Subscribe',
      refund: 'Subscribe',
    });
    await order('A-2');
    await stack.engine.runOnce();
    await page.goto(`${stack.adminUrl}/deliveries`);
    await expect(cell(page, 'A-1', 'meta')).toContainText(/delivered by server\s*as Purchase/);
    await expect(cell(page, 'A-2', 'meta')).toContainText(/delivered by server\s*as Subscribe/);
    await expect(cell(page, 'A-2', 'adroll')).toContainText(/delivered by server\s*as purchase/);
    expect(
      stack.platform.ledger.filter((r) => r.platform === 'meta').map((r) => [r.orderId, r.eventName]),
    ).toEqual([
      ['A-1', 'Purchase'],
      ['A-2', 'Subscribe'],
    ]);
  });

  await test.step('a dead letter shows why, and replays once the cause is fixed', async () => {
    await order('bad-1');
    await stack.engine.runOnce();
    await page.goto(`${stack.adminUrl}/deliveries?order=bad-1`);
    await expect(cell(page, 'bad-1', 'meta')).toContainText('failed');
    await expect(cell(page, 'bad-1', 'meta')).toContainText('code 100');
    await shot(page, 'deliveries-dead');
    stack.platform.acceptBadOrders();
    await page.getByRole('button', { name: 'Replay 1 failed for Meta Conversions API' }).click();
    await expect(page.getByRole('status')).toHaveText('1 failed deliveries queued again.');
    await expect(cell(page, 'bad-1', 'meta')).toContainText('queued');
    await stack.engine.runOnce();
    await page.getByLabel('Order ID').fill('bad-1');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect(cell(page, 'bad-1', 'meta')).toContainText('delivered by server');
    await shot(page, 'deliveries');
  });

  await test.step("the charts' numbers match the outbox and the platform's ledger", async () => {
    await page.goto(stack.adminUrl);
    const stats = await stack.storage.outboxStats();
    const delivered = (d: string) =>
      stats.find((s) => s.destination === d && s.status === 'delivered')?.count ?? 0;
    const bar = (chart: string, key: string) =>
      page.locator(`svg[data-chart="${chart}"] g[data-key="${key}"]`);
    const counted = (p: string) => stack.platform.ledger.filter((r) => r.platform === p && !r.dryRun).length;
    for (const d of ['adroll', 'meta']) {
      await expect(bar('success', d)).toHaveAttribute('data-count', String(delivered(d)));
      expect(delivered(d)).toBe(counted(d));
    }
    await expect(bar('success', 'meta')).toContainText('Meta Conversions API: 100% (3 of 3)');
    await expect(bar('quality', 'email')).toContainText('Hashed email: 100% (3 of 3)');
    const today = new Date().toISOString().slice(0, 10);
    await expect(page.locator(`g[data-day="${today}"]`)).toHaveAttribute('data-server', '3');
    await shot(page, 'overview');
  });

  await test.step('every page fits a phone screen without sideways scrolling', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    for (const [path, name] of [
      ['', 'overview'],
      ['/destinations/adroll', 'destination-adroll'],
      ['/deliveries', 'deliveries'],
    ]) {
      await page.goto(`${stack.adminUrl}${path}`);
      const overflow = await page.evaluate(() => document.body.scrollWidth - window.innerWidth);
      expect({ path, overflow }).toEqual({ path, overflow: 0 });
      await shot(page, `phone-${name}`);
    }
  });

  for (const html of seen) {
    expect([html.includes(TOKENS.adroll), html.includes(TOKENS.meta)]).toEqual([false, false]);
  }
  expect(seen.length).toBeGreaterThan(10);
});
