/**
 * Flow 8's visit: a bank-transfer order. The shop confirms it from the bank's webhook, server to
 * server, with only the customer's cookies (no page URL, IP or user agent); the customer reaches
 * the thank-you page afterwards, so its purchase beacon arrives after the order and the delivery
 * engine takes the page context from it at send time.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { PURCHASE, type ClickIds } from './checkout-expected.js';
import { buy, land } from './checkout-shopper.js';
import { SHOP_ORIGIN, type CheckoutStack } from './checkout-stack.js';

export async function bankTransfer(
  stack: CheckoutStack,
  context: BrowserContext,
  ids: ClickIds,
): Promise<{ page: Page; orderId: string }> {
  const page = await land(context, { landing: stack.demo.adClickUrl(ids), consent: 'accept' });
  const orderId = await buy(page, PURCHASE, 'transfer');
  const paid = await stack.shopFetch('/webhooks/payment', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ order_id: orderId }),
  });
  expect(((await paid.json()) as { created?: unknown }).created).toBe(true);
  await page.locator('#paid').click();
  await page.waitForURL(/\/thanks\//);
  return { page, orderId };
}

/** What the server sends carried: the thank-you page's URL, the browser's IP and user agent. */
export async function contextSent(stack: CheckoutStack, orderId: string) {
  const { sandbox, storage, collector } = stack.demo;
  const server = (p: 'adroll' | 'meta') =>
    sandbox
      .ledger(p)
      .counted.filter((c) => c.path === 'server')
      .map((c) => c.data as Record<string, unknown>);
  const [adroll] = server('adroll').filter(
    (e) => (e.event_attributes as { order_id?: unknown } | undefined)?.order_id === orderId,
  );
  const [meta] = server('meta').filter(
    (e) => (e.custom_data as { order_id?: unknown } | undefined)?.order_id === orderId,
  );
  const user = (meta?.user_data ?? {}) as Record<string, unknown>;
  const order = await storage.getOrder('purchase', orderId);
  expect({
    confirmedWith: { pageUrl: order?.pageUrl, ip: order?.ip, userAgent: order?.userAgent },
    adroll: { page: adroll?.page_location, ip: adroll?.ip, ua: typeof adroll?.user_agent },
    meta: { page: meta?.event_source_url, ip: user.client_ip_address, ua: typeof user.client_user_agent },
    mount: collector.config.mountPath,
  }).toEqual({
    confirmedWith: { pageUrl: undefined, ip: undefined, userAgent: undefined },
    adroll: { page: `${SHOP_ORIGIN}/thanks/${orderId}`, ip: '127.0.0.1', ua: 'string' },
    meta: { page: `${SHOP_ORIGIN}/thanks/${orderId}`, ip: '127.0.0.1', ua: 'string' },
    mount: '/app-data',
  });
}
