import { expect, test } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo, type RunningDemo } from '@tandem/demo';

let demo: RunningDemo;
test.beforeAll(async () => {
  demo = await startDemo({
    dbFile: join(mkdtempSync(join(tmpdir(), 'tandem-e2e-')), 'demo.db'),
    consentMode: 'optout',
  });
});
test.afterAll(async () => demo.close());

test('a page with the snippet stores a pageView with its URL and an event ID', async ({ page }) => {
  await page.goto(demo.shopUrl);
  await expect
    .poll(async () => (await demo.storage.listEvents()).filter((e) => e.name === 'pageView'))
    .toEqual([expect.objectContaining({ url: demo.shopUrl, id: expect.stringMatching(/^[\w-]{21}$/) })]);
});
