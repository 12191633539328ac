/**
 * A shopper's steps in the demo shop, for the checkout flows: arrive from an ad, answer the
 * consent banner, search with the Neuroon widget and open a result, add to cart, place the order.
 * Selectors are the demo's (packages/demo); each step waits for the page it leads to.
 */
import type { Page } from '@playwright/test';
import type { RunningDemo } from '@tandem/demo';

export async function arriveFromAd(
  page: Page,
  demo: RunningDemo,
  ids: { adct?: string; fbclid?: string } = {},
) {
  await page.goto(demo.adClickUrl(ids));
}

/** Clicks Accept or Decline when the banner shows (it does not once answered). */
export async function answerConsent(page: Page, answer: 'accept' | 'decline') {
  const button = page.locator(answer === 'accept' ? '#consent-yes' : '#consent-no');
  if (await button.isVisible()) await button.click();
}

/** Types `query` in the widget and opens the first result (a Neuroon search click). */
export async function searchAndOpen(page: Page, query: string) {
  await page.fill('.neuroon-input', query);
  const first = page.locator('.neuroon-results a').first();
  await first.waitFor();
  const productId = await first.getAttribute('data-product-id');
  await first.click();
  await page.waitForURL(`**/products/${productId}`);
  return productId!;
}

export async function addToCart(page: Page, quantity = 1) {
  await page.fill('input[name=quantity]', String(quantity));
  await page.click('#add-to-cart');
  await page.waitForURL('**/cart');
}

/** Places the order from the cart; returns the order ID shown on the thank-you page. */
export async function placeOrder(page: Page, email = 'jane@example.com') {
  await page.fill('input[name=email]', email);
  await page.click('#place-order');
  await page.waitForURL('**/thanks/*');
  return (await page.textContent('#order-id'))!;
}

/** The payment provider confirming the order again (the shop calls the SDK a second time). */
export async function confirmAgain(demo: RunningDemo, orderId: string) {
  const res = await fetch(new URL('/webhooks/payment', `http://127.0.0.1:${demo.port}/`), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ order_id: orderId }),
  });
  return (await res.json()) as { created?: boolean };
}
