/**
 * What the checkout flows expect, built from each flow's own facts (its fresh click IDs and the
 * widget's `searchLogId`): per platform what is counted and which receipts carried the order, and
 * what the collector recorded per destination. Also how cookies are told apart by who set them.
 */
import type { OrderView, PlatformView } from './checkout-ledgers.js';

/** The click IDs of one flow's ad click, fresh per flow. */
export interface ClickIds {
  adct: string;
  fbclid: string;
}

/** What a flow's expectations are built from: its click IDs and the widget's `searchLogId`. */
export interface Facts extends ClickIds {
  searchLogId: string;
}

/** Every flow buys 2 of the first "shoe" result: the trail shoe, 2 × 89.50 EUR. */
export const PURCHASE = { query: 'shoe', quantity: 2 } as const;
export const VALUE = 179;
export const CURRENCY = 'EUR';

export const nothing: PlatformView = { counted: [], receipts: [] };
export const adroll = (f: Facts, via: string[]): PlatformView => ({
  counted: [{ value: VALUE, currency: CURRENCY, clickId: f.adct }],
  receipts: via,
});
export const meta = (f: Facts, via: string[]): PlatformView => ({
  counted: [{ value: VALUE, currency: CURRENCY, clickId: f.fbclid }],
  receipts: via,
});
export const neuroon = (f: Facts): PlatformView => ({
  counted: [
    {
      value: VALUE,
      currency: CURRENCY,
      lines: [{ productId: 'p-100', searchLogId: f.searchLogId, quantity: 2, lineTotal: VALUE }],
    },
  ],
  receipts: ['server 200'],
});
export const allServer = {
  adroll: 'delivered via server',
  meta: 'delivered via server',
  neuroon: 'delivered via server',
};

/** Plain browser, ad click: AdRoll through its pixel only, Meta merged, Neuroon by server. */
export const plainExpected = (f: Facts): OrderView => ({
  adroll: adroll(f, ['pixel 204']),
  meta: meta(f, ['pixel 204', 'server 200']),
  neuroon: neuroon(f),
  tandem: { adroll: 'delivered via pixel', meta: 'delivered via server', neuroon: 'delivered via server' },
});

/** Ad-blocked browser, ad click: every platform once, through the server. */
export const blockedExpected = (f: Facts): OrderView => ({
  adroll: adroll(f, ['server 200']),
  meta: meta(f, ['server 200']),
  neuroon: neuroon(f),
  tandem: allServer,
});

/** Tandem's cookies all start with `_tdm_`; the pixels' are the platforms' own names. */
const PIXEL_COOKIES = ['_fbc', '_fbp', '__adroll_fpc'];
const ownerOf = (name: string) =>
  name.startsWith('_tdm_')
    ? 'tandem'
    : PIXEL_COOKIES.includes(name)
      ? 'pixels'
      : name.startsWith('demo_')
        ? 'shop'
        : name === 'neuroon_clicks'
          ? 'searchWidget'
          : 'other';
/** Cookie names grouped by who set them; an unaccounted-for cookie lands in `other`. */
export const byOwner = (names: string[]): Record<string, string[]> => {
  const groups: Record<string, string[]> = { tandem: [], pixels: [], shop: [], searchWidget: [], other: [] };
  for (const name of [...names].sort()) groups[ownerOf(name)]!.push(name);
  return groups;
};
