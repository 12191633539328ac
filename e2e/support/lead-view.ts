/**
 * What happened to one lead (a shop event that is not an order), read from the sandbox's ledgers
 * and the collector's outbox, in one shape a flow compares whole with `toEqual`, as the checkout
 * flows do for orders (`checkout-ledgers.ts`):
 * - `counted`: what each platform counts for the lead after its own dedup, with the event name it
 *   counts it under, the click ID and the page, so a double or a wrong mapping shows;
 * - `receipts`: every request that carried the lead, as `<path> <status>`;
 * - `tandem`: what the collector recorded per destination.
 *
 * A lead is found by its event ID (`shopEventId('lead', id)`): AdRoll's server events carry it in
 * `external_data`, the pixel in `event_id`; Meta's in `event_id` and `eventID`.
 */
import { shopEventId } from '@tandem/protocol';
import type { RunningDemo } from '@tandem/demo';
import type { Receipt } from '@tandem/sandbox';
import { outboxView } from './checkout-ledgers.js';

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === 'object' ? (v as Json) : {});
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export interface CountedLead {
  /** The platform's event name it is counted under (`formFill`, `Lead`, ...). */
  event: string;
  /** AdRoll: `adct`; Meta: the fbclid inside `fbc`. Absent when the event carried none. */
  clickId?: string;
  /** AdRoll: `page_location`; Meta: `event_source_url`. */
  page?: string;
}

export interface LeadPlatformView {
  counted: CountedLead[];
  receipts: string[];
}

export interface LeadView {
  adroll: LeadPlatformView;
  meta: LeadPlatformView;
  tandem: Record<string, string>;
}

const fbclidOf = (fbc: unknown): string | undefined =>
  typeof fbc === 'string' ? /^fb\.1\.\d{13}\.(.+)$/.exec(fbc)?.[1] : undefined;

const tandemIdOf = (externalData: unknown): unknown => {
  try {
    return obj(JSON.parse(String(externalData))).tandem_event_id;
  } catch {
    return undefined;
  }
};

const defined = (c: CountedLead): CountedLead =>
  Object.fromEntries(Object.entries(c).filter(([, v]) => v !== undefined)) as CountedLead;

const platforms = {
  adroll: {
    events: (r: Receipt) => (r.path === 'server' ? list(r.payload).map(obj) : [obj(r.payload)]),
    eventIdOf: (e: Json, path: Receipt['path']) =>
      path === 'server' ? tandemIdOf(e.external_data) : obj(e.attributes).event_id,
    view: (e: Json, path: Receipt['path']): CountedLead =>
      path === 'server'
        ? {
            event: String(e.event_name),
            clickId: obj(e.identifiers).adct as string | undefined,
            page: e.page_location as string | undefined,
          }
        : { event: String(e.event), clickId: e.adct as string | undefined, page: e.url as string },
  },
  meta: {
    events: (r: Receipt) => (r.path === 'server' ? list(obj(r.payload).data).map(obj) : [obj(r.payload)]),
    eventIdOf: (e: Json, path: Receipt['path']) => (path === 'server' ? e.event_id : e.eventID),
    view: (e: Json, path: Receipt['path']): CountedLead =>
      path === 'server'
        ? {
            event: String(e.event_name),
            clickId: fbclidOf(obj(e.user_data).fbc),
            page: e.event_source_url as string | undefined,
          }
        : { event: String(e.event), clickId: fbclidOf(e.fbc), page: e.url as string | undefined },
  },
};

function platformView(demo: RunningDemo, platform: 'adroll' | 'meta', eventId: string): LeadPlatformView {
  const ledger = demo.sandbox.ledger(platform);
  const p = platforms[platform];
  const receipts = ledger.receipts
    .filter((r) => p.events(r).some((e) => p.eventIdOf(e, r.path) === eventId))
    .map((r) => `${r.path} ${r.status}`)
    .sort();
  const counted = ledger.counted
    .filter((c) => p.eventIdOf(obj(c.data), c.path) === eventId)
    .map((c) => defined(p.view(obj(c.data), c.path)));
  return { counted, receipts };
}

export async function leadView(demo: RunningDemo, leadId: string): Promise<LeadView> {
  const eventId = shopEventId('lead', leadId);
  const rows = await demo.storage.listOutbox({ eventId });
  const tandem = outboxView(rows);
  return {
    adroll: platformView(demo, 'adroll', eventId),
    meta: platformView(demo, 'meta', eventId),
    tandem,
  };
}
