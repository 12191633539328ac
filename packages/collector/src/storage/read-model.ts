/**
 * The dashboard's read model: the overview's figures for a window of days, and the scan that
 * defines them. An engine computes them in its own query (SQLite, Postgres); the in-memory storage
 * and the contract suite use the scan itself, over every row, so the two are compared exactly.
 */
import { blockedPixelShare, conversionsByDay, matchQuality } from '../dashboard/charts/stats.js';
import type { DayPaths, MatchQuality, Share } from '../dashboard/charts/stats.js';
import { groupConversions } from '../dashboard/deliveries/status.js';
import type { OutboxRow, StoredEvent } from './types.js';

const DAY = 86_400_000;

/** What the overview draws for a window of days: paths per UTC day, match quality, blocked pixels. */
export interface OverviewStats {
  /** One entry per UTC day of the window, oldest first, days without conversions included. */
  paths: DayPaths[];
  quality: MatchQuality;
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
    blocked: blockedPixelShare(events.filter((e) => e.receivedAt >= since)),
  };
}
