/**
 * The numbers behind the overview's charts, as pure functions of rows the storage returns, so each
 * is tested with plain numbers. Inputs are bounded by the caller (a window of days, a row limit).
 */
import type { StoredEvent } from '../../storage/types.js';
import { conversionOf, type ConversionRows } from '../deliveries/status.js';

const DAY = 86_400_000;

export interface DayPaths {
  /** UTC day, `YYYY-MM-DD`. */
  day: string;
  pixel: number;
  server: number;
  both: number;
  /** Not (yet) delivered by either path: queued, retrying, skipped or dead everywhere. */
  none: number;
}

/**
 * Conversions per UTC day by the path that delivered them. The pixel path counts when a pixel
 * loaded on the purchase page or a destination settled the row as delivered by pixel; the server
 * path when any destination delivered it server-to-server.
 */
export function conversionsByDay(conversions: ConversionRows[], days: number, now: number): DayPaths[] {
  const today = Math.floor(now / DAY);
  const out: DayPaths[] = [];
  for (let d = today - days + 1; d <= today; d++) {
    out.push({ day: new Date(d * DAY).toISOString().slice(0, 10), pixel: 0, server: 0, both: 0, none: 0 });
  }
  for (const conv of conversions) {
    const slot = out[Math.floor(conv.time / DAY) - (today - days + 1)];
    if (!slot) continue;
    const first = conv.rows[0];
    const pixelsLoaded = first ? Object.values(conversionOf(first).pixels ?? {}).includes('loaded') : false;
    const byPixel = pixelsLoaded || conv.rows.some((r) => r.status === 'delivered' && r.via === 'pixel');
    const byServer = conv.rows.some((r) => r.status === 'delivered' && r.via === 'server');
    slot[byPixel && byServer ? 'both' : byPixel ? 'pixel' : byServer ? 'server' : 'none'] += 1;
  }
  return out;
}

export interface Share {
  count: number;
  total: number;
}

/**
 * Visitors whose pixels were blocked, among visitors whose events reported any pixel (pixels
 * that are `off` or still `pending` say nothing about blocking).
 */
export function blockedPixelShare(events: StoredEvent[]): Share {
  const reporting = new Set<string>();
  const blocked = new Set<string>();
  for (const e of events) {
    const states = Object.values(e.pixels ?? {});
    if (states.some((s) => s === 'loaded' || s === 'blocked')) reporting.add(e.visitorId);
    if (states.includes('blocked')) blocked.add(e.visitorId);
  }
  return { count: blocked.size, total: reporting.size };
}

export interface MatchQuality {
  total: number;
  adct: number;
  fbcOrFbp: number;
  email: number;
  searchLogId: number;
}

/** How many conversions carry each identifier the platforms match on. */
export function matchQuality(conversions: ConversionRows[]): MatchQuality {
  const q: MatchQuality = { total: 0, adct: 0, fbcOrFbp: 0, email: 0, searchLogId: 0 };
  for (const conv of conversions) {
    const first = conv.rows[0];
    if (!first) continue;
    const c = conversionOf(first);
    q.total += 1;
    if (c.ids?.adct) q.adct += 1;
    if (c.ids?.fbc || c.ids?.fbp) q.fbcOrFbp += 1;
    if (c.user?.em) q.email += 1;
    if (c.lines?.some((line) => line.searchLogId)) q.searchLogId += 1;
  }
  return q;
}

/** A share as a whole percent for labels ("—" when there is nothing to divide). */
export function percent(share: Share): string {
  return share.total === 0 ? '—' : `${Math.round((share.count / share.total) * 100)}%`;
}
