/**
 * A lead, not an order: in an ad-blocked Chromium (AdGuard's real lists) a visitor from an ad
 * books through the demo shop's lead form. The shop's backend confirms the lead with the SDK's
 * `recordEvent` and the thank-you page tracks it with `tandem('track', 'lead', {id})`; the pixels
 * never load, and AdRoll counts it once as `formFill`, Meta once as `Lead`, both through the
 * server, with the ad's click IDs and the thank-you page's URL. The negative controls show the
 * comparison can fail: with the lead unmapped, or without the backend's confirmation (the page's
 * tracking alone), no platform counts it.
 */
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { shopEventId } from '@tandem/protocol';
import type { ClickIds } from '../support/checkout-expected.js';
import { land } from '../support/checkout-shopper.js';
import { SHOP_ORIGIN, startCheckoutStack, type CheckoutStack } from '../support/checkout-stack.js';
import { leadView, type LeadView } from '../support/lead-view.js';

let stack: CheckoutStack;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = await startCheckoutStack();
});
test.afterAll(async () => stack?.close());
test.beforeEach(() => stack.demo.sandbox.reset());

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
const freshIds = (): ClickIds => ({ adct: hex(12), fbclid: `IwAR${hex(16)}` });

/** From the ad to the lead form's thank-you page; returns the lead's ID as the shop shows it. */
async function submitLead(context: BrowserContext, ids: ClickIds): Promise<{ page: Page; leadId: string }> {
  const page = await land(context, { landing: stack.demo.adClickUrl(ids), consent: 'accept' });
  await page.locator('#contact-link').click();
  await page.waitForURL(/\/contact$/);
  await page.locator('#send-lead').click();
  await page.waitForURL(/\/contact\/thanks\//);
  return { page, leadId: (await page.locator('#lead-id').textContent()) ?? '' };
}

async function inAdblock(body: (context: BrowserContext) => Promise<void>) {
  const context = await stack.context('adblock');
  try {
    await body(context);
  } finally {
    await stack.release('adblock', context);
  }
}

/** Polls until the view matches, then looks again a moment later: a late double fails. */
async function expectLead(leadId: string, expected: LeadView) {
  await expect.poll(() => leadView(stack.demo, leadId), { timeout: 15_000 }).toEqual(expected);
  await new Promise((r) => setTimeout(r, 750));
  expect(await leadView(stack.demo, leadId)).toEqual(expected);
}

const nothing = { counted: [], receipts: [] };
const NOT_MAPPED = 'skipped: event "lead" is not mapped';

const delivered = (ids: ClickIds, leadId: string): LeadView => {
  const page = `${SHOP_ORIGIN}/contact/thanks/${leadId}`;
  return {
    adroll: { counted: [{ event: 'formFill', clickId: ids.adct, page }], receipts: ['server 200'] },
    meta: { counted: [{ event: 'Lead', clickId: ids.fbclid, page }], receipts: ['server 200'] },
    tandem: { adroll: 'delivered via server', meta: 'delivered via server', neuroon: NOT_MAPPED },
  };
};

/** The lead's own beacon, once stored: its name and what the tag saw of the pixels. */
async function leadBeacon(leadId: string) {
  const id = shopEventId('lead', leadId);
  const beacon = (await stack.demo.storage.listEvents(1_000)).find((e) => e.id === id);
  return beacon && { name: beacon.name, pixels: beacon.pixels };
}

test('ad-blocked browser: a lead from the form reaches AdRoll (formFill) and Meta (Lead) exactly once each', async () => {
  await inAdblock(async (context) => {
    const ids = freshIds();
    const { leadId } = await submitLead(context, ids);
    await expectLead(leadId, delivered(ids, leadId));
    const { sandbox } = stack.demo;
    const scripts = (p: 'adroll' | 'meta') =>
      sandbox.ledger(p).receipts.filter((r) => r.endpoint === 'script');
    expect({ adroll: scripts('adroll'), meta: scripts('meta'), beacon: await leadBeacon(leadId) }).toEqual({
      adroll: [],
      meta: [],
      beacon: { name: 'lead', pixels: { adroll: 'blocked', meta: 'blocked', tiktok: 'off' } },
    });
  });
});

test('negative control: the lead unmapped for AdRoll and Meta, so neither counts it', async () => {
  const { storage } = stack.demo;
  const saved = await Promise.all([storage.getSettings('adroll'), storage.getSettings('meta')]);
  for (const settings of saved) {
    if (!settings) throw new Error(`the demo has no settings for a destination`);
    const { lead: _lead, ...mapping } = settings.mapping;
    await storage.putSettings({ ...settings, mapping });
  }
  try {
    await inAdblock(async (context) => {
      const ids = freshIds();
      const { leadId } = await submitLead(context, ids);
      const broken: LeadView = {
        adroll: nothing,
        meta: nothing,
        tandem: { adroll: NOT_MAPPED, meta: NOT_MAPPED, neuroon: NOT_MAPPED },
      };
      expect(broken).not.toEqual(delivered(ids, leadId));
      await expectLead(leadId, broken);
    });
  } finally {
    for (const settings of saved) if (settings) await storage.putSettings(settings);
  }
});

test("negative control: the page tracks a lead the shop's backend never confirms, so no platform counts it", async () => {
  await inAdblock(async (context) => {
    const ids = freshIds();
    const page = await land(context, { landing: stack.demo.adClickUrl(ids), consent: 'accept' });
    await page.goto(`${SHOP_ORIGIN}/contact`);
    const leadId = `L-UNCONFIRMED-${hex(4)}`;
    type Tandem = (command: string, name: string, props: object) => void;
    await page.evaluate(
      (id) => (window as unknown as { tandem: Tandem }).tandem('track', 'lead', { id }),
      leadId,
    );
    // The beacon arrived (the browser side worked): only the server's confirmation is missing.
    await expect
      .poll(() => leadBeacon(leadId), { timeout: 10_000 })
      .toEqual({ name: 'lead', pixels: { adroll: 'blocked', meta: 'blocked', tiktok: 'off' } });
    const broken: LeadView = { adroll: nothing, meta: nothing, tandem: {} };
    expect(broken).not.toEqual(delivered(ids, leadId));
    // Longer than AdRoll's grace in this stack: a send would have happened by now.
    await new Promise((r) => setTimeout(r, 3_000));
    await expectLead(leadId, broken);
  });
});
