/**
 * The checkout flows (table in `support/checkout-flows.ts`): each buys through the demo
 * store in a plain or an ad-blocked Chromium and compares, whole, what every platform counted and
 * received for that order and what the collector recorded. The negative controls
 * (`support/checkout-controls.ts`) re-run flows with one behaviour broken and see the breakage in
 * the same comparison, so the flows' assertions are shown to be able to fail.
 */
import { expect, test, type BrowserContext } from '@playwright/test';
import { postgresStorage } from '@tandem/collector/postgres';
import { CONTROLS } from '../support/checkout-controls.js';
import type { ClickIds, Facts } from '../support/checkout-expected.js';
import { FLOWS, type Flow } from '../support/checkout-flows.js';
import { orderView, settled, type OrderView } from '../support/checkout-ledgers.js';
import { startCheckoutStack, type CheckoutStack } from '../support/checkout-stack.js';

let stack: CheckoutStack;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // The `postgres` project (`playwright.config.ts`) runs its flows with the collector on PostgreSQL.
  stack = await startCheckoutStack(test.info().project.metadata.db === 'postgres' ? 'postgres' : 'sqlite');
});
test.afterAll(async () => stack?.close());
test.beforeEach(() => stack.demo.sandbox.reset());

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');
const freshIds = (): ClickIds => ({ adct: hex(12), fbclid: `IwAR${hex(16)}` });

/** The searchLogId the widget issued for the click (its report is in Neuroon's ledger). */
function searchLogIdOfClick(): string {
  const clicks = stack.demo.sandbox.ledger('neuroon').receipts.filter((r) => r.endpoint === 'click');
  return String((clicks.at(-1)?.payload as { searchLogId?: unknown } | undefined)?.searchLogId);
}

/**
 * Waits until the collector has decided every destination and the ledgers show the expected view,
 * then looks again a moment later: a late double (a retry, a second pixel call) fails the flow.
 */
async function expectOrder(orderId: string, expected: OrderView) {
  await expect.poll(() => settled(stack.demo, orderId), { timeout: 15_000 }).toBe(true);
  await expect.poll(() => orderView(stack.demo, orderId), { timeout: 10_000 }).toEqual(expected);
  await new Promise((r) => setTimeout(r, 750));
  expect(await orderView(stack.demo, orderId)).toEqual(expected);
}

/** On PostgreSQL: the order is in the database, read through a connection of its own. */
async function expectInPostgres(orderId: string) {
  if (stack.db.kind !== 'postgres') return;
  const reader = await postgresStorage(stack.db.url, { max: 1 });
  try {
    expect((await reader.getOrder('purchase', orderId))?.orderId).toBe(orderId);
  } finally {
    await reader.close();
  }
}

async function inContext(flow: Pick<Flow, 'browser'>, body: (context: BrowserContext) => Promise<void>) {
  const context = await stack.context(flow.browser);
  try {
    await body(context);
  } finally {
    await stack.release(flow.browser, context);
  }
}

for (const flow of FLOWS) {
  test(flow.name, async () => {
    await inContext(flow, async (context) => {
      const ids = freshIds();
      const { page, orderId } = await flow.run(stack, context, ids);
      const facts: Facts = { ...ids, searchLogId: searchLogIdOfClick() };
      await expectOrder(orderId, flow.expected(facts));
      await flow.after?.(stack, context, orderId, page);
      await expectInPostgres(orderId);
    });
  });
}

for (const control of CONTROLS) {
  test(`negative control of flow ${control.flow.name.split('.')[0]}: ${control.name}`, async () => {
    const restore = await control.arrange?.(stack);
    try {
      await inContext({ browser: control.browser ?? control.flow.browser }, async (context) => {
        const ids = freshIds();
        const run = control.run ?? control.flow.run;
        const { page, orderId } = await run(stack, context, ids);
        const facts: Facts = { ...ids, searchLogId: searchLogIdOfClick() };
        const broken = control.expected(facts);
        if (!control.afterFails) expect(broken).not.toEqual(control.flow.expected(facts));
        await expectOrder(orderId, broken);
        if (control.afterFails)
          await expect(control.flow.after!(stack, context, orderId, page)).rejects.toThrow();
      });
    } finally {
      await restore?.();
    }
  });
}
