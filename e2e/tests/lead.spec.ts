/**
 * A lead, not an order: in an ad-blocked Chromium (AdGuard's real lists) a visitor from an ad
 * books through the demo shop's lead form. The shop's backend confirms the lead with the SDK's
 * `recordEvent` and the thank-you page tracks it with `tandem('track', 'lead', {id})`; the pixels
 * never load, and AdRoll counts it once as `formFill`, Meta once as `Lead`, both through the
 * server, with the ad's click IDs and the thank-you page's URL. The negative controls show the
 * comparison can fail: with the lead unmapped, or without the backend's confirmation (the page's
 * tracking alone), no platform counts it.
 *
 * In a plain Chromium the pixels get the lead under the same mapped names (the extras carry the
 * mappings): AdRoll counts it once through its pixel, and Meta merges its pixel's `Lead` with the
 * server's. A page holding the extras from before a mapping change gave AdRoll's pixel the old
 * name, so the server sends `formFill` as well.
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
  return beacon && { name: beacon.name, pixels: beacon.pixels, sentAs: beacon.sentAs };
}

async function inPlain(body: (context: BrowserContext) => Promise<void>) {
  const context = await stack.context('plain');
  try {
    await body(context);
  } finally {
    await stack.release('plain', context);
  }
}

/** Plain browser: AdRoll through its pixel only, Meta's pixel and server event merged. */
const byPixel = (ids: ClickIds, leadId: string): LeadView => {
  const page = `${SHOP_ORIGIN}/contact/thanks/${leadId}`;
  return {
    adroll: { counted: [{ event: 'formFill', clickId: ids.adct, page }], receipts: ['pixel 204'] },
    meta: { counted: [{ event: 'Lead', clickId: ids.fbclid, page }], receipts: ['pixel 204', 'server 200'] },
    tandem: { adroll: 'delivered via pixel', meta: 'delivered via server', neuroon: NOT_MAPPED },
  };
};

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
      beacon: {
        name: 'lead',
        pixels: { adroll: 'blocked', meta: 'blocked', tiktok: 'off' },
        sentAs: { adroll: 'formFill', meta: 'Lead' },
      },
    });
  });
});

test('plain browser: the pixels get the lead as formFill and Lead; AdRoll counts it once by its pixel, Meta once', async () => {
  await inPlain(async (context) => {
    const ids = freshIds();
    const { leadId } = await submitLead(context, ids);
    await expectLead(leadId, byPixel(ids, leadId));
    expect(await leadBeacon(leadId)).toEqual({
      name: 'lead',
      pixels: { adroll: 'loaded', meta: 'loaded', tiktok: 'off' },
      sentAs: { adroll: 'formFill', meta: 'Lead' },
    });
  });
});

test('plain browser, extras from before a mapping change: the pixel got another name, so AdRoll gets formFill by server', async () => {
  await inPlain(async (context) => {
    // what a browser still holding the extras of a former mapping (lead -> contactSales) runs
    await context.route('**/tag-extras.js', async (route) => {
      const current = await stack.shopFetch(new URL(route.request().url()).pathname);
      const body = (await current.text()).replace('"adroll":"formFill"', '"adroll":"contactSales"');
      await route.fulfill({ contentType: 'text/javascript', body });
    });
    const ids = freshIds();
    const { leadId } = await submitLead(context, ids);
    const page = `${SHOP_ORIGIN}/contact/thanks/${leadId}`;
    const expected: LeadView = {
      ...byPixel(ids, leadId),
      adroll: {
        counted: [
          { event: 'contactSales', clickId: ids.adct, page },
          { event: 'formFill', clickId: ids.adct, page },
        ],
        receipts: ['pixel 204', 'server 200'],
      },
      tandem: { adroll: 'delivered via server', meta: 'delivered via server', neuroon: NOT_MAPPED },
    };
    expect(expected).not.toEqual(byPixel(ids, leadId));
    await expectLead(leadId, expected);
  });
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
      .toEqual({
        name: 'lead',
        pixels: { adroll: 'blocked', meta: 'blocked', tiktok: 'off' },
        sentAs: { adroll: 'formFill', meta: 'Lead' },
      });
    const broken: LeadView = { adroll: nothing, meta: nothing, tandem: {} };
    expect(broken).not.toEqual(delivered(ids, leadId));
    // Longer than AdRoll's grace in this stack: a send would have happened by now.
    await new Promise((r) => setTimeout(r, 3_000));
    await expectLead(leadId, broken);
  });
});

// Last: it changes the mappings, which the collector reuses for a few seconds.
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
