/**
 * The dashboard's read model: the overview's figures for a window of days, and the scan that
 * defines them. An engine computes them in its own query (SQLite, Postgres); the in-memory storage
 * and the contract suite use the scan itself, over every row, so the two are compared exactly.
 */
import { blockedPixelShare, conversionsByDay, matchQuality } from '../dashboard/charts/stats.js';
import type { DayPaths, MatchQuality, Share } from '../dashboard/charts/stats.js';
import { foldRecovery, recoveryCells, type Recovery } from '../dashboard/charts/recovery.js';
import { groupConversions } from '../dashboard/deliveries/status.js';
import type { OutboxRow, StoredEvent } from './types.js';

const DAY = 86_400_000;

/** What the overview draws for a window of days: paths per UTC day, match quality, recovery, blocked pixels. */
export interface OverviewStats {
  /** One entry per UTC day of the window, oldest first, days without conversions included. */
  paths: DayPaths[];
  quality: MatchQuality;
  /**
   * What the server path recovered, and every destination's rows by state (`charts/recovery.ts`).
   * Without it the dashboard folds it from the latest outbox rows, up to a bound.
   */
  recovery?: Recovery;
  /**
   * Visitors with a blocked pixel among visitors reporting one, over every event of the window
   * (`blockedPixelShare`'s rule). Without it the dashboard reads the latest events, up to a bound.
   */
  blocked?: Share;
}

/** The overview's figures from every outbox row and event: the definition engines must match. */
export function scanOverview(
  rows: OutboxRow[],
  events: StoredEvent[],
  days: number,
  now: number,
): Required<OverviewStats> {
  const since = (Math.floor(now / DAY) - days + 1) * DAY;
  const conversions = groupConversions(rows, Number.MAX_SAFE_INTEGER).filter((g) => g.time >= since);
  return {
    paths: conversionsByDay(conversions, days, now),
    quality: matchQuality(conversions),
    recovery: foldRecovery(recoveryCells(conversions, days, now)),
    blocked: blockedPixelShare(events.filter((e) => e.receivedAt >= since)),
  };
}

/** One UTC day's counts as an engine's grouped query returns them (`day`: days since the epoch). */
export interface DayCounts {
  day: number;
  both: number;
  pixel: number;
  server: number;
  none: number;
  total: number;
  adct: number;
  fbc_or_fbp: number;
  email: number;
  search_log_id: number;
}

/** The overview from an engine's per-day counts: every day of the window, days without any too. */
export function overviewFromDays(
  rows: DayCounts[],
  blocked: Share,
  days: number,
  now: number,
): OverviewStats {
  const today = Math.floor(now / DAY);
  const first = today - days + 1;
  const byDay = new Map(rows.map((r) => [r.day, r]));
  const paths: DayPaths[] = [];
  for (let d = first; d <= today; d++) {
    const r = byDay.get(d);
    paths.push({
      day: new Date(d * DAY).toISOString().slice(0, 10),
      pixel: r?.pixel ?? 0,
      server: r?.server ?? 0,
      both: r?.both ?? 0,
      none: r?.none ?? 0,
    });
  }
  const quality: MatchQuality = { total: 0, adct: 0, fbcOrFbp: 0, email: 0, searchLogId: 0 };
  for (const r of rows) {
    quality.total += r.total;
    quality.adct += r.adct;
    quality.fbcOrFbp += r.fbc_or_fbp;
    quality.email += r.email;
    quality.searchLogId += r.search_log_id;
  }
  return { paths, quality, blocked: { count: blocked.count, total: blocked.total } };
}
