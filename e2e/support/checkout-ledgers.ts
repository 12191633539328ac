/**
 * What happened to one order, read from the sandbox's ledgers and the collector's outbox, in a
 * shape a flow compares whole with `toEqual`:
 * - `counted`: what each platform counts for the order after its own dedup (value, currency, click
 *   ID, Neuroon lines), so a double shows as two entries;
 * - `receipts`: every request that carried the order, as `<path> <status>`, so "one" is not luck
 *   (a pixel and a server send merged by Meta, a server send AdRoll never got, a retried outage);
 * - `tandem`: what the collector recorded per destination (delivered and how, skipped and why).
 */
import type { RunningDemo } from '@tandem/demo';
import { orderEventId } from '@tandem/collector';
import type { Counted, Platform, Receipt } from '@tandem/sandbox';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** The click ID inside an `_fbc` value (`fb.1.<ms>.<fbclid>`); undefined when malformed. */
const fbclidOf = (fbc: unknown): string | undefined =>
  typeof fbc === 'string' ? /^fb\.1\.\d{13}\.(.+)$/.exec(fbc)?.[1] : undefined;

export interface CountedPurchase {
  value: unknown;
  currency: unknown;
  /** AdRoll: `adct`; Meta: the fbclid inside `fbc`; TikTok: `ttclid`. */
  clickId?: unknown;
  /** Neuroon: the order lines with their `searchLogId`s. */
  lines?: unknown;
}

export interface PlatformView {
  counted: CountedPurchase[];
  receipts: string[];
}

export interface OrderView {
  adroll: PlatformView;
  meta: PlatformView;
  neuroon: PlatformView;
  /** Per destination: `delivered via <path>`, `skipped: <reason>`, `pending`, `dead: <reason>`. */
  tandem: Record<string, string>;
}

const defined = (c: CountedPurchase): CountedPurchase =>
  Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as CountedPurchase;

/** Each platform's reading of its own events: the order they belong to, and what is counted. */
const platforms: Record<
  Platform,
  {
    orderOf(event: Json, path: Receipt['path']): unknown;
    view(event: Json, path: Receipt['path']): CountedPurchase;
    events(r: Receipt): Json[];
  }
> = {
  adroll: {
    events: (r) => (r.path === 'server' ? list(r.payload).map(obj) : [obj(r.payload)]),
    orderOf: (e, path) =>
      path === 'server'
        ? obj(e.event_attributes).order_id
        : e.event === 'purchase'
          ? obj(e.attributes).order_id
          : undefined,
    view: (e, path) =>
      path === 'server'
        ? { value: e.conversion_value, currency: e.currency, clickId: obj(e.identifiers).adct }
        : {
            value: obj(e.attributes).conversion_value,
            currency: obj(e.attributes).currency,
            clickId: e.adct,
          },
  },
  meta: {
    events: (r) => (r.path === 'server' ? list(obj(r.payload).data).map(obj) : [obj(r.payload)]),
    orderOf: (e, path) =>
      path === 'server'
        ? obj(e.custom_data).order_id
        : e.event === 'Purchase'
          ? obj(e.params).order_id
          : undefined,
    view: (e, path) =>
      path === 'server'
        ? {
            value: obj(e.custom_data).value,
            currency: obj(e.custom_data).currency,
            clickId: fbclidOf(obj(e.user_data).fbc),
          }
        : { value: obj(e.params).value, currency: obj(e.params).currency, clickId: fbclidOf(e.fbc) },
  },
  neuroon: {
    events: (r) => (r.endpoint === 'conversion' ? [obj(r.payload)] : []),
    orderOf: (e) => e.orderId,
    view: (e) => ({ value: e.orderValue, currency: e.currency, lines: e.conversions }),
  },
  tiktok: {
    events: (r) => (r.path === 'server' ? list(obj(r.payload).data).map(obj) : [obj(r.payload)]),
    orderOf: (e, path) =>
      path === 'server'
        ? obj(e.properties).order_id
        : e.event === 'CompletePayment'
          ? obj(e.properties).order_id
          : undefined,
    view: (e, path) => ({
      value: obj(e.properties).value,
      currency: obj(e.properties).currency,
      clickId: path === 'server' ? obj(e.user).ttclid : e.ttclid,
    }),
  },
  googleAds: {
    events: (r) => (r.endpoint === 'uploadClickConversions' ? list(obj(r.payload).conversions).map(obj) : []),
    orderOf: (e) => e.orderId,
    view: (e) => ({
      value: e.conversionValue,
      currency: e.currencyCode,
      clickId: e.gclid ?? e.gbraid ?? e.wbraid,
    }),
  },
  ga4: {
    // One body per event, as the ledger counts them; the click ID here is GA4's client ID.
    events: (r) =>
      r.endpoint === 'collect'
        ? list(obj(r.payload).events).map((event) => ({ ...obj(r.payload), events: [event] }))
        : [],
    orderOf: (e) => {
      const event = obj(list(e.events)[0]);
      return event.name === 'purchase' ? obj(event.params).transaction_id : undefined;
    },
    view: (e) => {
      const params = obj(obj(list(e.events)[0]).params);
      return { value: params.value, currency: params.currency, clickId: e.client_id };
    },
  },
};

/** What one platform's sandbox counted and received for the order. */
export function platformView(
  demo: Pick<RunningDemo, 'sandbox'>,
  platform: Platform,
  orderId: string,
): PlatformView {
  const ledger = demo.sandbox.ledger(platform);
  const p = platforms[platform];
  const receipts = ledger.receipts
    .filter((r) => p.events(r).some((e) => p.orderOf(e, r.path) === orderId))
    .map((r) => `${r.path} ${r.status}`)
    .sort();
  const counted = ledger.counted
    .filter((c: Counted) => p.orderOf(obj(c.data), c.path) === orderId)
    .map((c) => defined(p.view(obj(c.data), c.path)));
  return { counted, receipts };
}

/** The parts of an outbox row (`listOutbox`) the views read. */
interface RowLike {
  destination: string;
  status: string;
  reason?: string | undefined;
  via?: string | undefined;
}

/** A destination the flow's stack configures: the others are skipped as `not configured`. */
export const isConfigured = (r: Pick<RowLike, 'status' | 'reason'>) =>
  !(r.status === 'skipped' && r.reason === 'not configured');

/**
 * Per destination: `delivered via <path>`, `skipped: <reason>`, `pending`, `dead: <reason>`. The
 * destinations a flow's demo does not configure at all are left out, so a flow compares only the
 * platforms it runs.
 */
export function outboxView(rows: RowLike[]): Record<string, string> {
  return Object.fromEntries(
    rows
      .filter(isConfigured)
      .map((r) => [
        r.destination,
        r.status === 'delivered'
          ? `delivered via ${r.via ?? '?'}`
          : r.status === 'pending'
            ? 'pending'
            : `${r.status}: ${r.reason ?? ''}`,
      ]),
  );
}

/** What the collector recorded for the order, per destination (`outboxView`). */
export async function tandemView(demo: RunningDemo, orderId: string): Promise<Record<string, string>> {
  return outboxView(await demo.storage.listOutbox({ eventId: orderEventId('purchase', orderId) }));
}

export async function orderView(demo: RunningDemo, orderId: string): Promise<OrderView> {
  const tandem = await tandemView(demo, orderId);
  return {
    adroll: platformView(demo, 'adroll', orderId),
    meta: platformView(demo, 'meta', orderId),
    neuroon: platformView(demo, 'neuroon', orderId),
    tandem,
  };
}

/** Whether the collector has decided every destination of the order (nothing pending or being sent). */
export async function settled(demo: RunningDemo, orderId: string): Promise<boolean> {
  const rows = await demo.storage.listOutbox({ eventId: orderEventId('purchase', orderId) });
  return rows.length > 0 && rows.every((r) => r.status !== 'pending' && r.status !== 'sending');
}
