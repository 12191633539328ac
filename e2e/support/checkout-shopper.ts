/**
 * A shopper in the demo store, driven through its pages as a person would: land (from an ad or
 * not), answer the consent banner, search with the Neuroon widget and click a result, add it to the
 * cart, place the order, and wait on the thank-you page.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';

export interface Visit {
  /** Where the visitor arrives: an ad-click URL or the plain home page. */
  landing: string;
  consent: 'accept' | 'decline';
  /** The search typed into the widget; the first result is clicked (a Neuroon search click). */
  query: string;
  quantity: number;
}

/** Lands and answers the banner; the page stays open on the landing. */
export async function land(
  context: BrowserContext,
  visit: Pick<Visit, 'landing' | 'consent'>,
): Promise<Page> {
  const page = await context.newPage();
  await page.goto(visit.landing);
  await page.locator(visit.consent === 'accept' ? '#consent-yes' : '#consent-no').click();
  await expect(page.locator('#consent')).toHaveCount(0);
  return page;
}

/**
 * Search, click the first result, add it to the cart, place the order; returns the order ID.
 * `transfer` pays by bank transfer: the shop confirms the order later, from the bank's webhook.
 */
export async function buy(
  page: Page,
  visit: Pick<Visit, 'query' | 'quantity'>,
  payment: 'card' | 'transfer' = 'card',
): Promise<string> {
  await page.locator('.neuroon-input').fill(visit.query);
  const first = page.locator('.neuroon-results a').first();
  await first.click();
  await page.waitForURL(/\/products\//);
  await page.locator('input[name="quantity"]').fill(String(visit.quantity));
  await page.locator('#add-to-cart').click();
  await page.waitForURL(/\/cart$/);
  await page.locator(payment === 'card' ? '#place-order' : '#place-order-transfer').click();
  await page.waitForURL(payment === 'card' ? /\/thanks\// : /\/awaiting-payment\//);
  return (await page.locator('#order-id').textContent()) ?? '';
}

/** The whole visit; the thank-you page is left open (its purchase beacon is in flight). */
export async function shop(context: BrowserContext, visit: Visit): Promise<{ page: Page; orderId: string }> {
  const page = await land(context, visit);
  const orderId = await buy(page, visit);
  return { page, orderId };
}
