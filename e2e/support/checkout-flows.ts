/**
 * The seven checkout flows as a table: how the shopper gets to a purchase, in which
 * browser, and what every platform and the collector must show for that order afterwards.
 * `canFail` is how each flow's assertion breaks.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { orderEventId } from '@tandem/collector';
import {
  allServer,
  blockedExpected,
  byOwner,
  meta,
  neuroon,
  nothing,
  plainExpected,
  PURCHASE,
  type ClickIds,
  type Facts,
} from './checkout-expected.js';
import { isConfigured, type OrderView } from './checkout-ledgers.js';
import { buy, land, shop } from './checkout-shopper.js';
import { bankTransfer, contextSent } from './checkout-transfer.js';
import { SHOP_ORIGIN, wipeScriptCookies, type BrowserKind, type CheckoutStack } from './checkout-stack.js';

type Done = { page: Page; orderId: string };

export interface Flow {
  name: string;
  proves: string;
  canFail: string;
  browser: BrowserKind;
  run(stack: CheckoutStack, context: BrowserContext, ids: ClickIds): Promise<Done>;
  expected(f: Facts): OrderView;
  /** Checks of this flow beyond the order's view (cookies, pixel scripts, the collector's answer). */
  after?(stack: CheckoutStack, context: BrowserContext, orderId: string, page: Page): Promise<void>;
}

export const fromAd = (stack: CheckoutStack, ids: ClickIds) => stack.demo.adClickUrl(ids);
const postJson = (stack: CheckoutStack, path: string, body: unknown) =>
  stack.shopFetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });

/**
 * Flow 4's visit: an ad click, then a wipe (Safari's cap on `script-set` cookies, or `every`
 * cookie for the negative control), then a purchase from the plain home page.
 */
export async function returnAfterWipe(
  stack: CheckoutStack,
  context: BrowserContext,
  ids: ClickIds,
  wipe: 'script-set' | 'every',
): Promise<Done> {
  const first = await land(context, { landing: fromAd(stack, ids), consent: 'accept' });
  await expect.poll(() => context.cookies().then((c) => c.some((x) => x.httpOnly))).toBe(true);
  await first.close();
  if (wipe === 'every') await context.clearCookies();
  else expect(await wipeScriptCookies(context)).toEqual(['_tdm_vid']);
  const page = await land(context, { landing: `${SHOP_ORIGIN}/`, consent: 'accept' });
  return { page, orderId: await buy(page, PURCHASE) };
}

/**
 * Flow 5's visit: a purchase, the payment webhook confirming it again, the thank-you page reloaded.
 * With `forgotten`, the origin's storage is emptied before the reload (the negative control).
 */
export async function confirmTwiceAndReload(
  stack: CheckoutStack,
  context: BrowserContext,
  ids: ClickIds,
  storage: 'kept' | 'forgotten',
): Promise<Done> {
  const done = await shop(context, { landing: fromAd(stack, ids), consent: 'accept', ...PURCHASE });
  const again = await postJson(stack, '/webhooks/payment', { order_id: done.orderId });
  expect(((await again.json()) as { created?: unknown }).created).toBe(false);
  if (storage === 'forgotten') await done.page.evaluate(() => localStorage.clear());
  await done.page.reload();
  await done.page.locator('#order-id').waitFor();
  return done;
}

/** Meta's `Retry-After` in flow 6: longer than the backoff's second wait (1-2 s), so honouring it shows. */
const RETRY_AFTER_S = 3;

/**
 * Flow 6's visit: Meta answers the first send 500 and the next 429 with `Retry-After`
 * (`retryAfterS`; the negative control shortens it to what an engine ignoring it would wait).
 */
export async function metaOutage(
  stack: CheckoutStack,
  context: BrowserContext,
  ids: ClickIds,
  retryAfterS: number,
): Promise<Done> {
  const { sandbox } = stack.demo;
  sandbox.fail('meta', { status: 500, times: 1 });
  const done = await shop(context, { landing: fromAd(stack, ids), consent: 'accept', ...PURCHASE });
  // The next attempt comes 0.5-1 s after the 500 (deliveryRetryBaseMs): arm the 429 in between.
  await expect
    .poll(() => sandbox.ledger('meta').receipts.some((r) => r.status === 500), { intervals: [20] })
    .toBe(true);
  sandbox.fail('meta', { status: 429, retryAfter: retryAfterS, times: 1 });
  return done;
}

export const FLOWS: Flow[] = [
  {
    name: '1. plain browser: ad click, search click, purchase',
    proves:
      'AdRoll counts 1 through its pixel (server suppressed), Meta 1 (pixel and server merged by event_id), Neuroon 1 with the clicked line and its searchLogId',
    canFail:
      "AdRoll's server send not suppressed after its pixel ran (a negative control sets mode `always`): AdRoll counts 2, pixel and server; Meta's event IDs of pixel and server differing: Meta counts 2",
    browser: 'plain',
    run: (stack, context, ids) =>
      shop(context, { landing: fromAd(stack, ids), consent: 'accept', ...PURCHASE }),
    expected: plainExpected,
    after: async (stack, _context, orderId) => {
      // Meta's pixel was initialized with the external_id its server event carries for the order.
      type ServerEvent = { custom_data?: { order_id?: string }; user_data?: { external_id?: string[] } };
      type Init = { matching?: { external_id?: string } };
      const receipts = stack.demo.sandbox.ledger('meta').receipts;
      const server = receipts
        .filter((r) => r.path === 'server')
        .flatMap((r) => (r.payload as { data: ServerEvent[] }).data)
        .find((e) => e.custom_data?.order_id === orderId);
      const pixelIds = new Set(
        receipts
          .filter((r) => r.path === 'pixel' && r.endpoint === 'init')
          .map((r) => (r.payload as Init).matching?.external_id)
          .filter(Boolean),
      );
      expect([...pixelIds]).toEqual([server?.user_data?.external_id?.[0] ?? 'no server event']);
    },
  },
  {
    name: '2. ad-blocked browser (AdGuard Base + Tracking Protection): ad click, search click, purchase',
    proves:
      "the pixels never load, Tandem's tag and beacons pass, every platform counts exactly 1 through the server",
    canFail:
      'a collector path the lists block (e.g. mounting it at /tracking/): no click IDs reach the order, AdRoll skips it; a server send suppressed as if the pixel had run: AdRoll counts 0; the pixels not blocked (a negative control runs the visit in a plain browser): they deliver instead of the server',
    browser: 'adblock',
    run: (stack, context, ids) =>
      shop(context, { landing: fromAd(stack, ids), consent: 'accept', ...PURCHASE }),
    expected: blockedExpected,
    after: async (stack, _context, orderId) => {
      const { demo } = stack;
      const scripts = (p: 'adroll' | 'meta') =>
        demo.sandbox.ledger(p).receipts.filter((r) => r.endpoint === 'script');
      const eventId = orderEventId('purchase', orderId);
      const beacon = (await demo.storage.listEvents(1_000)).find((e) => e.id === eventId);
      expect({ adroll: scripts('adroll'), meta: scripts('meta'), purchaseBeacon: beacon?.name }).toEqual({
        adroll: [],
        meta: [],
        purchaseBeacon: 'purchase',
      });
    },
  },
  {
    name: '3. consent declined in opt-in mode',
    proves:
      "no Tandem or pixel cookie is set, nothing reaches any platform, the collector records every destination as skipped for 'no ad consent'",
    canFail:
      "the tag writing click IDs before consent, or the server sharing without it: cookies and receipts appear, tandem shows delivered (a negative control goes on as if the 'no' were a 'yes')",
    browser: 'plain',
    run: (stack, context, ids) =>
      shop(context, { landing: fromAd(stack, ids), consent: 'decline', ...PURCHASE }),
    expected: () => ({
      adroll: nothing,
      meta: nothing,
      neuroon: nothing,
      tandem: {
        adroll: 'skipped: no ad consent',
        meta: 'skipped: no ad consent',
        neuroon: 'skipped: no ad consent',
      },
    }),
    after: async (stack, context, orderId, page) => {
      const { sandbox } = stack.demo;
      const answer = (await (await postJson(stack, '/webhooks/payment', { order_id: orderId })).json()) as {
        destinations?: Array<{ status: string; reason?: string }>;
      };
      const skipped = (destination: string) => ({ destination, status: 'skipped', reason: 'no ad consent' });
      const configured = answer.destinations?.filter(isConfigured);
      expect({
        cookies: byOwner((await context.cookies()).map((c) => c.name)),
        storage: await page.evaluate(() => Object.keys(localStorage).sort()),
        adroll: sandbox.ledger('adroll').receipts,
        meta: sandbox.ledger('meta').receipts,
        neuroon: sandbox.ledger('neuroon').receipts.map((r) => r.endpoint),
        destinations: configured,
      }).toEqual({
        // The landing URL carried adct and fbclid, yet neither Tandem nor a pixel kept anything.
        // The shop remembers the "no" itself; the search widget (the shop's search, not an ad pixel,
        // so not behind the ad banner) keeps its clicks; the cart cookie is gone once the order is placed.
        cookies: {
          tandem: [],
          pixels: [],
          shop: ['demo_consent'],
          searchWidget: ['neuroon_clicks'],
          other: [],
        },
        storage: [],
        // Not even the pixel scripts were fetched.
        adroll: [],
        meta: [],
        // The widget's own search and click reports; no conversion.
        neuroon: ['search', 'click'],
        destinations: [skipped('adroll'), skipped('meta'), skipped('neuroon')],
      });
    },
  },
  {
    name: '4. returning customer after Safari-style wipe of script-set cookies (ad-blocked)',
    proves:
      'with only the HttpOnly server cookie left, the purchase a day later still carries adct and fbc to every platform',
    canFail:
      'the click IDs living only in script-set cookies (a negative control wipes the HttpOnly one too): AdRoll skips the order for no adct, Meta gets no fbc',
    browser: 'adblock',
    run: (stack, context, ids) => returnAfterWipe(stack, context, ids, 'script-set'),
    expected: blockedExpected,
  },
  {
    name: '5. order confirmed twice (payment webhook) and thank-you page reloaded',
    proves: 'a second confirmation and a second purchase tracking still count 1 per platform',
    canFail:
      'the tag firing the pixels again on the reload (it did, until the tag remembered tracked purchases; a negative control forgets that memory): AdRoll counts 2; the order route creating a second outbox row: a platform counts 2',
    browser: 'plain',
    run: (stack, context, ids) => confirmTwiceAndReload(stack, context, ids, 'kept'),
    // The reload must not fire the pixels again (the tag tracks a purchase once per event ID).
    expected: plainExpected,
  },
  {
    name: '6. Meta down during checkout (500, then 429 with Retry-After), ad-blocked',
    proves:
      "the order reaches Meta exactly once after it recovers; the two refusals are in Meta's receipts; the retry waits out the Retry-After",
    canFail:
      'a retry after a refusal counted twice: Meta counts 2; a refusal not retried: Meta counts 0 and tandem shows it pending or dead; the Retry-After ignored (a negative control sends Retry-After 0): the retry comes sooner than 3 s after the 429',
    browser: 'adblock',
    run: (stack, context, ids) => metaOutage(stack, context, ids, RETRY_AFTER_S),
    expected: (f) => ({ ...blockedExpected(f), meta: meta(f, ['server 200', 'server 429', 'server 500']) }),
    after: async (stack) => {
      // Without the Retry-After the third attempt would come 1-2 s after the 429 (backoff); with it, 3 s at least.
      const at = (status: number) =>
        stack.demo.sandbox.ledger('meta').receipts.find((r) => r.path === 'server' && r.status === status)
          ?.time;
      expect((at(200) ?? 0) - (at(429) ?? Infinity)).toBeGreaterThanOrEqual(RETRY_AFTER_S * 1000);
    },
  },
  {
    name: '7. ad-blocked browser, visitor who never came through an AdRoll ad',
    proves:
      "AdRoll's server path skips the order (attribution-aware) and records why; Meta and Neuroon count it once",
    canFail:
      'attribution-aware mode off (a negative control turns it off): AdRoll receives and counts a conversion it never drove',
    browser: 'adblock',
    run: (stack, context, ids) =>
      shop(context, {
        landing: `${SHOP_ORIGIN}/?fbclid=${ids.fbclid}&utm_source=meta-ad`,
        consent: 'accept',
        ...PURCHASE,
      }),
    expected: (f) => ({
      adroll: nothing,
      meta: meta(f, ['server 200']),
      neuroon: neuroon(f),
      tandem: { ...allServer, adroll: 'skipped: attribution-aware: the visitor has no adct' },
    }),
  },
  {
    name: '8. ad-blocked browser, order confirmed by a payment webhook without page URL, IP or user agent',
    proves:
      "every platform counts it exactly once, AdRoll and Meta with the thank-you page's URL, IP and user agent from the purchase beacon that came after the order",
    canFail:
      'the page context fixed when the order is recorded (a negative control turns late context off): AdRoll and Meta never get it, their rows die for want of a page URL or user agent',
    browser: 'adblock',
    run: bankTransfer,
    expected: blockedExpected,
    after: (stack, _context, orderId) => contextSent(stack, orderId),
  },
];
