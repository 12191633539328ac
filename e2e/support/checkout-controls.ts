/**
 * Negative controls: each re-runs a checkout flow with one behaviour broken (a destination setting
 * or what the browser keeps) and expects the order's view that breakage produces. A control's view
 * always differs from its flow's, so passing controls show that the flows' whole-view assertions
 * would catch that breakage.
 */
import type { BrowserContext, Page } from '@playwright/test';
import {
  blockedExpected,
  CURRENCY,
  meta,
  nothing,
  plainExpected,
  PURCHASE,
  VALUE,
  type ClickIds,
  type Facts,
} from './checkout-expected.js';
import { shop } from './checkout-shopper.js';
import {
  confirmTwiceAndReload,
  FLOWS,
  fromAd,
  metaOutage,
  returnAfterWipe,
  type Flow,
} from './checkout-flows.js';
import type { OrderView } from './checkout-ledgers.js';
import type { BrowserKind, CheckoutStack } from './checkout-stack.js';

export interface Control {
  /** What is broken. */
  name: string;
  /** The flow it re-runs (its browser unless `browser` is given, and its visit unless `run` is). */
  flow: Flow;
  browser?: BrowserKind;
  /** Breaks a destination setting; returns how to restore it. */
  arrange?(stack: CheckoutStack): Promise<() => Promise<void>>;
  /** The flow's visit with the browser side broken. */
  run?(
    stack: CheckoutStack,
    context: BrowserContext,
    ids: ClickIds,
  ): Promise<{ page: Page; orderId: string }>;
  /** What the order's view shows; the flow's own view when `afterFails`. */
  expected(f: Facts): OrderView;
  /** The breakage shows in the flow's `after` checks (a timing), not in the order's view. */
  afterFails?: true;
}

const flow = (number: number): Flow => {
  const found = FLOWS.find((f) => f.name.startsWith(`${number}. `));
  if (!found) throw new Error(`no flow ${number}`);
  return found;
};

/** Changes AdRoll's destination options in the collector's settings, for one control. */
const adrollOptions =
  (patch: Record<string, unknown>) =>
  async (stack: CheckoutStack): Promise<() => Promise<void>> => {
    const { storage } = stack.demo;
    const settings = await storage.getSettings('adroll');
    if (!settings) throw new Error('the demo has no AdRoll settings');
    await storage.putSettings({ ...settings, options: { ...settings.options, ...patch } });
    return () => storage.putSettings(settings);
  };

/** What a platform counts for an order that carried no click ID. */
const unattributed = (receipts: string[]) => ({ counted: [{ value: VALUE, currency: CURRENCY }], receipts });

export const CONTROLS: Control[] = [
  {
    name: "AdRoll's server mode 'always' (Tandem's dedup for AdRoll off): AdRoll counts 2",
    flow: flow(1),
    arrange: adrollOptions({ dedup: 'always' }),
    expected: (f) => {
      const normal = plainExpected(f);
      const once = normal.adroll.counted[0]!;
      return {
        ...normal,
        adroll: { counted: [once, once], receipts: ['pixel 204', 'server 200'] },
        tandem: { ...normal.tandem, adroll: 'delivered via server' },
      };
    },
  },
  {
    name: 'the filter list not applied (a plain browser): the pixels deliver and the server sends are suppressed',
    flow: flow(2),
    browser: 'plain',
    expected: plainExpected,
  },
  {
    name: "the shopper's 'no' not honoured (the visit goes on as if accepted): every platform counts the order",
    flow: flow(3),
    run: (stack, context, ids) =>
      shop(context, { landing: fromAd(stack, ids), consent: 'accept', ...PURCHASE }),
    expected: plainExpected,
  },
  {
    name: 'every cookie wiped, the HttpOnly visitor cookie too: AdRoll skips the order, Meta gets no fbc',
    flow: flow(4),
    run: (stack, context, ids) => returnAfterWipe(stack, context, ids, 'every'),
    expected: (f) => {
      const normal = blockedExpected(f);
      return {
        ...normal,
        adroll: nothing,
        meta: unattributed(['server 200']),
        tandem: { ...normal.tandem, adroll: 'skipped: attribution-aware: the visitor has no adct' },
      };
    },
  },
  {
    name: "the tag's memory of tracked purchases lost before the reload: the pixels fire twice, AdRoll counts 2",
    flow: flow(5),
    run: (stack, context, ids) => confirmTwiceAndReload(stack, context, ids, 'forgotten'),
    expected: (f) => {
      const normal = plainExpected(f);
      const once = normal.adroll.counted[0]!;
      return {
        ...normal,
        adroll: { counted: [once, once], receipts: ['pixel 204', 'pixel 204'] },
        // Meta merges the second pixel call by its event_id; the receipts still show it.
        meta: meta(f, ['pixel 204', 'pixel 204', 'server 200']),
      };
    },
  },
  {
    name: "Meta's 429 with Retry-After 0, so the engine waits only its own backoff (1-2 s), as if it ignored the header: the retry comes too soon",
    flow: flow(6),
    run: (stack, context, ids) => metaOutage(stack, context, ids, 0),
    expected: flow(6).expected,
    afterFails: true,
  },
  {
    name: "AdRoll's attribution-aware mode off: AdRoll counts a conversion it never drove",
    flow: flow(7),
    arrange: adrollOptions({ attributionAware: false }),
    expected: (f) => {
      const normal = flow(7).expected(f);
      return {
        ...normal,
        adroll: unattributed(['server 200']),
        tandem: { ...normal.tandem, adroll: 'delivered via server' },
      };
    },
  },
  {
    name: 'late context off: the order keeps the context it was confirmed with (none), so AdRoll and Meta never get it',
    flow: flow(8),
    arrange: async (stack) => {
      stack.demo.setLateContext(false);
      return async () => stack.demo.setLateContext(true);
    },
    expected: (f) => ({
      ...blockedExpected(f),
      adroll: nothing,
      meta: nothing,
      tandem: {
        adroll: 'dead: no page URL (AdRoll requires page_location)',
        meta: 'dead: no user agent (Meta requires client_user_agent for website events)',
        neuroon: 'delivered via server',
      },
    }),
  },
];
