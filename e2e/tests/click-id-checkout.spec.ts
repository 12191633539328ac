/**
 * Checkout flows landing from ads that appended every click ID (`support/click-id-flows.ts`), with
 * TikTok's pixel and Events API on: in an ad-blocked Chromium every platform counts the purchase
 * once through the server; in a plain one TikTok merges its pixel's event with the server's. The
 * negative controls break one behaviour each and see it in the same whole-view comparison.
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { settled } from '../support/checkout-ledgers.js';
import { startCheckoutStack, type CheckoutStack } from '../support/checkout-stack.js';
import {
  CLICK_ID_CONTROLS,
  CLICK_ID_FLOWS,
  clickIdView,
  type AdClicks,
  type ClickFacts,
  type ClickIdView,
} from '../support/click-id-flows.js';

let stack: CheckoutStack;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  stack = await startCheckoutStack({ tiktok: true, google: true });
});
test.afterAll(async () => stack?.close());
test.beforeEach(() => stack.demo.sandbox.reset());

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
const freshClicks = (): AdClicks => ({
  adct: hex(12),
  fbclid: `IwAR${hex(16)}`,
  gclid: `Cj0KCQ${hex(16)}`,
  ttclid: `E.C.P.${hex(16)}`,
});

function searchLogIdOfClick(): string {
  const clicks = stack.demo.sandbox.ledger('neuroon').receipts.filter((r) => r.endpoint === 'click');
  return String((clicks.at(-1)?.payload as { searchLogId?: unknown } | undefined)?.searchLogId);
}

/** Waits until every destination is decided and the view matches, then looks again for a late double. */
async function expectOrder(orderId: string, expected: ClickIdView) {
  await expect.poll(() => settled(stack.demo, orderId), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => clickIdView(stack.demo, orderId), { timeout: 10_000 }).toEqual(expected);
  await new Promise((r) => setTimeout(r, 750));
  expect(await clickIdView(stack.demo, orderId)).toEqual(expected);
}

async function inContext(browser: 'plain' | 'adblock', body: (context: BrowserContext) => Promise<void>) {
  const context = await stack.context(browser);
  try {
    await body(context);
  } finally {
    await stack.release(browser, context);
  }
}

for (const flow of CLICK_ID_FLOWS) {
  test(flow.name, async () => {
    await inContext(flow.browser, async (context) => {
      const clicks = freshClicks();
      const { orderId } = await flow.run(stack, context, clicks);
      const facts: ClickFacts = { ...clicks, searchLogId: searchLogIdOfClick() };
      await expectOrder(orderId, flow.expected(facts));
      await flow.after?.(stack, context, orderId, facts);
    });
  });
}

for (const control of CLICK_ID_CONTROLS) {
  test(`negative control of flow ${control.flow.name.split('.')[0]}: ${control.name}`, async () => {
    const restore = await control.arrange?.(stack);
    try {
      await inContext(control.flow.browser, async (context) => {
        await control.browse?.(stack, context);
        const clicks = freshClicks();
        const { orderId } = await control.flow.run(stack, context, control.clicks?.(clicks) ?? clicks);
        const facts: ClickFacts = { ...clicks, searchLogId: searchLogIdOfClick() };
        const broken = control.expected(facts);
        expect(broken).not.toEqual(control.flow.expected(facts));
        await expectOrder(orderId, broken);
      });
    } finally {
      await restore?.();
    }
  });
}
