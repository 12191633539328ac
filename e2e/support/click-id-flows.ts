/**
 * The click-ID checkout flows (`tests/click-id-checkout.spec.ts`): a shopper lands from ads that
 * appended `adct`, `fbclid`, `gclid` and `ttclid`, and buys, in an ad-blocked or a plain Chromium;
 * AdRoll, Meta, Neuroon, TikTok, Google Ads and GA4 each count the purchase once.
 * Each platform's view of the order is compared whole; each flow has negative controls that break
 * one behaviour and show the breakage in the same comparison.
 */
import { expect, type BrowserContext, type Page } from '@playwright/test';
import { orderEventId } from '@tandem/collector';
import type { RunningDemo } from '@tandem/demo';
import {
  adroll,
  CURRENCY,
  meta,
  neuroon,
  nothing,
  PURCHASE,
  VALUE,
  type Facts,
} from './checkout-expected.js';
import { platformView, tandemView, type PlatformView } from './checkout-ledgers.js';
import { shop } from './checkout-shopper.js';
import type { BrowserKind, CheckoutStack } from './checkout-stack.js';

/** One flow's ad clicks, fresh per run. */
export interface AdClicks {
  adct: string;
  fbclid: string;
  gclid: string;
  ttclid: string;
}
export type ClickFacts = AdClicks & Pick<Facts, 'searchLogId'>;

export interface ClickIdView {
  adroll: PlatformView;
  meta: PlatformView;
  neuroon: PlatformView;
  tiktok: PlatformView;
  googleAds: PlatformView;
  ga4: PlatformView;
  tandem: Record<string, string>;
}

export async function clickIdView(demo: RunningDemo, orderId: string): Promise<ClickIdView> {
  return {
    adroll: platformView(demo, 'adroll', orderId),
    meta: platformView(demo, 'meta', orderId),
    neuroon: platformView(demo, 'neuroon', orderId),
    tiktok: stable(platformView(demo, 'tiktok', orderId)),
    googleAds: platformView(demo, 'googleAds', orderId),
    ga4: platformView(demo, 'ga4', orderId),
    tandem: await tandemView(demo, orderId),
  };
}

/** TikTok counting the order once; `clickId` null: counted without a ttclid. */
export const tiktok = (f: ClickFacts, via: string[], clickId: string | null = f.ttclid): PlatformView => ({
  counted: [{ value: VALUE, currency: CURRENCY, ...(clickId !== null && { clickId }) }],
  receipts: via,
});

/** Counted entries in a stable order: a pixel report and a server send race each other. */
const stable = (view: PlatformView): PlatformView => ({
  ...view,
  counted: [...view.counted].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
});

/** Google Ads by the landing's gclid; GA4 with the client ID the collector derived (no `_ga` here). */
const googleAds = (f: ClickFacts): PlatformView => ({
  counted: [{ value: VALUE, currency: CURRENCY, clickId: f.gclid }],
  receipts: ['server 200'],
});
const ga4: PlatformView = {
  counted: [{ value: VALUE, currency: CURRENCY, clickId: expect.any(String) }],
  receipts: ['server 204'],
};

const everyServer = {
  adroll: 'delivered via server',
  meta: 'delivered via server',
  neuroon: 'delivered via server',
  tiktok: 'delivered via server',
  'google-ads': 'delivered via server',
  ga4: 'delivered via server',
};

export interface ClickIdFlow {
  name: string;
  browser: BrowserKind;
  run(
    stack: CheckoutStack,
    context: BrowserContext,
    clicks: Partial<AdClicks>,
  ): Promise<{ page: Page; orderId: string }>;
  expected(f: ClickFacts): ClickIdView;
  after?(stack: CheckoutStack, context: BrowserContext, orderId: string, f: ClickFacts): Promise<void>;
}

const fromAds = (stack: CheckoutStack, context: BrowserContext, clicks: Partial<AdClicks>) =>
  shop(context, { landing: stack.demo.adClickUrl(clicks), consent: 'accept', ...PURCHASE });

/** TikTok's server event for the order, as the sandbox received it. */
function tiktokServerEvent(demo: RunningDemo, orderId: string): Record<string, unknown> | undefined {
  type Event = { properties?: { order_id?: string } };
  return demo.sandbox
    .ledger('tiktok')
    .receipts.filter((r) => r.path === 'server' && r.status === 200)
    .flatMap((r) => (r.payload as { data: Event[] }).data)
    .find((e) => e.properties?.order_id === orderId) as Record<string, unknown> | undefined;
}

export const BLOCKED: ClickIdFlow = {
  name: 'A. ad-blocked browser landing with gclid and ttclid: every platform counts the purchase once, through the server',
  browser: 'adblock',
  run: fromAds,
  expected: (f) => ({
    adroll: adroll(f, ['server 200']),
    meta: meta(f, ['server 200']),
    neuroon: neuroon(f),
    tiktok: tiktok(f, ['server 200']),
    googleAds: googleAds(f),
    ga4,
    tandem: everyServer,
  }),
  after: async (stack, _context, orderId, f) => {
    const { demo } = stack;
    const beacon = (await demo.storage.listEvents(1_000)).find(
      (e) => e.id === orderEventId('purchase', orderId),
    );
    const event = tiktokServerEvent(demo, orderId) as
      { event_id?: string; user?: Record<string, unknown>; page?: { url?: string } } | undefined;
    expect({
      // TikTok's events.js was refused by the filter list before it reached the sandbox
      scripts: demo.sandbox.ledger('tiktok').receipts.filter((r) => r.endpoint === 'script'),
      pixel: beacon?.pixels?.tiktok,
      eventId: event?.event_id,
      ttclid: event?.user?.ttclid,
      context: [
        typeof event?.user?.ip,
        typeof event?.user?.user_agent,
        event?.page?.url?.includes('/thanks/'),
      ],
    }).toEqual({
      scripts: [],
      pixel: 'blocked',
      eventId: orderEventId('purchase', orderId),
      ttclid: f.ttclid,
      context: ['string', 'string', true],
    });
  },
};

export const PLAIN: ClickIdFlow = {
  name: "B. plain browser landing with ttclid: TikTok's pixel and the Events API share the event ID, TikTok counts once",
  browser: 'plain',
  run: fromAds,
  expected: (f) => ({
    adroll: adroll(f, ['pixel 204']),
    meta: meta(f, ['pixel 204', 'server 200']),
    neuroon: neuroon(f),
    tiktok: tiktok(f, ['pixel 204', 'server 200']),
    googleAds: googleAds(f),
    ga4,
    tandem: { ...everyServer, adroll: 'delivered via pixel' },
  }),
  after: async (stack, context, orderId, f) => {
    const event = tiktokServerEvent(stack.demo, orderId) as { user?: Record<string, unknown> } | undefined;
    const ttp = (await context.cookies()).find((c) => c.name === '_ttp');
    // one of the two was merged into the other (whichever came second: they race), same key
    const key = `CompletePayment|${orderEventId('purchase', orderId)}`;
    const ledger = stack.demo.sandbox.ledger('tiktok');
    const paths = [...ledger.counted, ...ledger.duplicates].filter((c) => c.key === key).map((c) => c.path);
    expect({
      ttp: event?.user?.ttp,
      ttclid: event?.user?.ttclid,
      merged: ledger.duplicates.map((d) => d.key),
      paths: paths.sort(),
    }).toEqual({
      ttp: ttp?.value ?? 'no _ttp cookie',
      ttclid: f.ttclid,
      merged: [key],
      paths: ['pixel', 'server'],
    });
  },
};

export const CLICK_ID_FLOWS = [BLOCKED, PLAIN];

export interface ClickIdControl {
  name: string;
  flow: ClickIdFlow;
  arrange?(stack: CheckoutStack): Promise<() => Promise<void>>;
  /** What the control's browser does differently, before the flow runs in it. */
  browse?(stack: CheckoutStack, context: BrowserContext): Promise<void>;
  /** The clicks the landing carries, when not all of them. */
  clicks?(all: AdClicks): Partial<AdClicks>;
  expected(f: ClickFacts): ClickIdView;
}

/** Changes a destination's stored settings for one control; returns how to restore them. */
const destinationSettings =
  (name: string, patch: { enabled?: boolean; mapping?: Record<string, string> }) =>
  async (stack: CheckoutStack): Promise<() => Promise<void>> => {
    const { storage } = stack.demo;
    const settings = await storage.getSettings(name);
    if (!settings) throw new Error(`the demo has no ${name} settings`);
    await storage.putSettings({ ...settings, ...patch });
    return () => storage.putSettings(settings);
  };

export const CLICK_ID_CONTROLS: ClickIdControl[] = [
  {
    name: 'TikTok data sharing off (no server path): the blocked browser alone gives TikTok nothing',
    flow: BLOCKED,
    arrange: destinationSettings('tiktok', { enabled: false }),
    expected: (f) => ({
      ...BLOCKED.expected(f),
      tiktok: nothing,
      tandem: { ...BLOCKED.expected(f).tandem, tiktok: 'skipped: data sharing is off' },
    }),
  },
  {
    name: 'Google Ads and GA4 data sharing off (no server path): the blocked browser gives them nothing',
    flow: BLOCKED,
    arrange: async (stack) => {
      const restoreAds = await destinationSettings('google-ads', { enabled: false })(stack);
      const restoreGa4 = await destinationSettings('ga4', { enabled: false })(stack);
      return async () => {
        await restoreAds();
        await restoreGa4();
      };
    },
    expected: (f) => ({
      ...BLOCKED.expected(f),
      googleAds: nothing,
      ga4: nothing,
      tandem: {
        ...BLOCKED.expected(f).tandem,
        'google-ads': 'skipped: data sharing is off',
        ga4: 'skipped: data sharing is off',
      },
    }),
  },
  {
    name: 'a landing without ttclid: TikTok still counts the purchase (it has no attribution rule), without a click ID',
    flow: BLOCKED,
    clicks: ({ ttclid: _ttclid, ...others }) => others,
    expected: (f) => ({ ...BLOCKED.expected(f), tiktok: tiktok(f, ['server 200'], null) }),
  },
  {
    // Last: the collector reuses the mappings it read for a few seconds after the restore.
    name: 'a browser holding the extras from before a TikTok mapping change: TikTok counts 2',
    flow: PLAIN,
    arrange: destinationSettings('tiktok', { mapping: { purchase: 'PlaceAnOrder' } }),
    // the pixel then still gets the former name, CompletePayment
    browse: async (stack, context) => {
      await context.route('**/tag-extras.js', async (route) => {
        const current = await stack.shopFetch(new URL(route.request().url()).pathname);
        const body = (await current.text()).replace('"tiktok":"PlaceAnOrder"', '"tiktok":"CompletePayment"');
        await route.fulfill({ contentType: 'text/javascript', body });
      });
    },
    expected: (f) => {
      // the pixel's CompletePayment and the server's PlaceAnOrder
      const [once] = tiktok(f, []).counted;
      return {
        ...PLAIN.expected(f),
        tiktok: { counted: [once!, once!], receipts: ['pixel 204', 'server 200'] },
      };
    },
  },
];
