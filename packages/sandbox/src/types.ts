/** The shapes every platform's ledger and switches share. */
export type Platform = 'adroll' | 'meta' | 'neuroon' | 'tiktok' | 'googleAds' | 'ga4';
export const PLATFORMS: readonly Platform[] = ['adroll', 'meta', 'neuroon', 'tiktok', 'googleAds', 'ga4'];

/** Which way a receipt arrived: the browser pixel (or widget), or the server-to-server API. */
export type ReceiptPath = 'pixel' | 'server';

/** One request as the platform received it, accepted or not. Tokens are never kept. */
export interface Receipt {
  path: ReceiptPath;
  /** A short name of the endpoint: `api`, `events`, `conversion`, `refund`, `track`, `click`, ... */
  endpoint: string;
  /** The HTTP status the sandbox answered (pixel reports: 204). */
  status: number;
  /** The query parameters, without `access_token`. */
  query: Record<string, string>;
  /** The parsed body (JSON), without `access_token`; a pixel report's call. */
  payload: unknown;
  /** Why it was refused, when it was. */
  error?: string;
  /** Epoch ms. */
  time: number;
}

/** One event the platform counts, or (in `duplicates`) one it dropped by its own dedup. */
export interface Counted {
  path: ReceiptPath;
  /** The platform's event name: `purchase`, `Purchase`, `conversion`, `refund`, ... */
  event: string;
  /** The dedup key when the platform dedups (Meta, TikTok: `name|event_id`; Neuroon: `orderId`). */
  key?: string;
  /** The single event as received (an AdRoll event, a Meta `data` item, a Neuroon body). */
  data: unknown;
  /** Epoch ms. */
  time: number;
}

/** A ledger's sizes, cheap enough to poll while thousands of events arrive. */
export interface LedgerTally {
  receipts: number;
  counted: number;
  duplicates: number;
}

export interface LedgerView {
  platform: Platform;
  receipts: Receipt[];
  /** What the platform would count after its own dedup. */
  counted: Counted[];
  /** What it received and dropped as a duplicate. */
  duplicates: Counted[];
}
