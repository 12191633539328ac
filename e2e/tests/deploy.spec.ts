/**
 * The deployment guide (docs/deploy.md), run: its Nginx and Caddy snippets, read from the guide,
 * in front of `tandem serve` (started by the guide's command with the guide's config) and the demo
 * shop's pages, at `https://shop.test`. One purchase in Chromium through each proxy, by a browser
 * that also sends forged `X-Forwarded-*` headers on every request to the shop, must show:
 * - each platform counting the order once (AdRoll through its pixel, Meta merged, Neuroon by server);
 * - the collector's HttpOnly visitor cookie `Secure` (it saw https through `X-Forwarded-Proto`);
 * - the browser's IP in what the collector stored for the visit: 127.0.0.1, truncated to 127.0.0.0,
 *   never the forged address nor (Nginx) the proxy's own address;
 * - Meta's server event carrying the browser's IP, which the shop read through the same headers;
 * - the collector's outbox (read beside it from its SQLite file): AdRoll delivered via the pixel,
 *   Meta and Neuroon via the server.
 * How it fails, each tried by breaking the guide: no X-Forwarded-For line in the collector's
 * location stores the forged 198.51.100.0 (and Nginx's 127.0.1.0 for the beacons a page sends as
 * it unloads, which Chromium sends without the forged header); no X-Forwarded-Proto line or
 * `trustProxy: false` fails the beacons' origin check (no visitor cookie, AdRoll counted twice);
 * Caddy with `trusted_proxies private_ranges` trusts the forged headers. A browser whose beacons
 * name a headless browser (a context's `userAgent` misses those sent as a page unloads) loses the
 * landing's, so the order has no visitor and AdRoll's row goes to the server.
 */
import { execFileSync } from 'node:child_process';
import { chromium, expect, test, type BrowserContext } from '@playwright/test';
import { orderEventId } from '@tandem/collector';
import { sqliteStorage } from '@tandem/collector/node';
import { adClickUrl } from '@tandem/demo';
import { chromiumArgs } from '../playwright.config.js';
import { plainExpected, PURCHASE, type Facts } from '../support/checkout-expected.js';
import { outboxView, platformView } from '../support/checkout-ledgers.js';
import { buy, land } from '../support/checkout-shopper.js';
import { startDeployStack, type DeployStack, type ProxyKind } from '../support/deploy-stack.js';
import { guideServeCommand } from '../support/deploy-doc.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * A shopper's Chromium says `Chrome`, not `HeadlessChrome` (the collector drops beacons from user
 * agents that name a headless browser), on every request. It is set for the whole browser: a
 * context's `userAgent` misses the beacons a page sends as it unloads, so the landing's and the
 * product page's would be dropped and the order would reach the collector without a visitor.
 */
function shopperUserAgent(): string {
  const version = /(\d+)\.\d+\.\d+\.\d+/.exec(
    execFileSync(CHROMIUM, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }),
  )?.[1];
  if (!version) throw new Error(`${CHROMIUM} --version printed no version`);
  return `Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/${version}.0.0.0 Safari/537.36`;
}

/** What the browser claims about itself in headers a proxy must replace. */
const FORGED = {
  'x-forwarded-for': '198.51.100.9',
  'x-forwarded-proto': 'http',
  'x-forwarded-host': 'evil.example',
};

const hex = (bytes: number) =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

/** Every request to the shop's origin carries the forged headers. */
async function forgeHeaders(context: BrowserContext, origin: string) {
  await context.route(`${origin}/**`, (route) =>
    route.continue({ headers: { ...route.request().headers(), ...FORGED } }),
  );
}

const ledgers = (stack: DeployStack, orderId: string) => ({
  adroll: platformView(stack, 'adroll', orderId),
  meta: platformView(stack, 'meta', orderId),
  neuroon: platformView(stack, 'neuroon', orderId),
});

/** The client IP Meta's server events for the order carried. */
const metaServerIps = (stack: DeployStack, orderId: string) =>
  stack.sandbox
    .ledger('meta')
    .receipts.filter((r) => r.path === 'server')
    .flatMap((r) => (r.payload as { data?: Array<Record<string, Record<string, unknown>>> }).data ?? [])
    .filter((e) => e.custom_data?.order_id === orderId)
    .map((e) => e.user_data?.client_ip_address);

test('the guide starts the collector with the command the stack runs', () => {
  expect(guideServeCommand()).toBe('npx tandem serve --config tandem.json');
});

for (const kind of ['nginx', 'caddy'] satisfies ProxyKind[]) {
  test(`the guide's ${kind} snippet in front of tandem serve and the shop: one purchase, counted once`, async () => {
    test.setTimeout(240_000);
    const stack = await startDeployStack(kind);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        ...chromiumArgs,
        `--host-resolver-rules=${stack.hostRules}`,
        `--user-agent=${shopperUserAgent()}`,
      ],
    });
    try {
      const context = await browser.newContext({ ignoreHTTPSErrors: true });
      await forgeHeaders(context, stack.shopOrigin);
      const ids = { adct: hex(12), fbclid: `IwAR${hex(16)}` };
      const page = await land(context, {
        landing: adClickUrl(`${stack.shopOrigin}/`, ids),
        consent: 'accept',
      });
      const orderId = await buy(page, PURCHASE);
      expect(orderId).not.toBe('');

      const click = stack.sandbox
        .ledger('neuroon')
        .receipts.filter((r) => r.endpoint === 'click')
        .at(-1);
      const facts: Facts = {
        ...ids,
        searchLogId: String((click?.payload as { searchLogId?: unknown })?.searchLogId),
      };
      const { tandem, ...counted } = plainExpected(facts);
      // A reader beside the running collector (SQLite in WAL mode): what it recorded per destination.
      const storage = sqliteStorage(stack.dbFile);
      try {
        const recorded = async () =>
          outboxView(await storage.listOutbox({ eventId: orderEventId('purchase', orderId) }));
        // Each page's beacon was kept, those sent as a page unloads too: without the landing's, the
        // order reaches the collector before any visitor cookie, and AdRoll's row cannot see its pixel.
        const pages = async () =>
          (await storage.listEvents(1000))
            .filter((e) => e.name === 'pageView')
            .map((e) => new URL(e.url).pathname)
            .sort();
        await expect
          .poll(pages, { timeout: 20_000 })
          .toEqual(['/', '/cart', '/products/p-100', `/thanks/${orderId}`]);
        await expect.poll(recorded, { timeout: 75_000 }).toEqual(tandem);
        await expect.poll(() => ledgers(stack, orderId), { timeout: 20_000 }).toEqual(counted);
        // A late double (a retry, a second pixel call) would show by now.
        await new Promise((r) => setTimeout(r, 1500));
        expect([ledgers(stack, orderId), await recorded()]).toEqual([counted, tandem]);
        expect(metaServerIps(stack, orderId)).toEqual(['127.0.0.1']);

        const visitor = (await context.cookies()).find((c) => c.name === '_tdm_vid');
        expect({ httpOnly: visitor?.httpOnly, secure: visitor?.secure }).toEqual({
          httpOnly: true,
          secure: true,
        });
        const events = await storage.listEvents(1000);
        expect(events.find((e) => e.name === 'purchase')?.props).toMatchObject({ order_id: orderId });
        // Every identified event of the visit: the browser's IP, truncated.
        expect([...new Set(events.filter((e) => e.ip).map((e) => e.ip))]).toEqual(['127.0.0.0']);
      } finally {
        await storage.close();
      }
      await context.close();
      expect((await stack.stopCollector()).last).toBe('tandem: stopped.');
    } catch (error) {
      console.error(`${kind} log:\n${stack.proxy.log()}\ncollector:\n${stack.collectorOutput()}`);
      throw error;
    } finally {
      await browser.close();
      await stack.close();
    }
  });
}
