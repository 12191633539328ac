/** @jsxImportSource hono/jsx */
/**
 * The overview page. Reads are bounded: the storage's `overviewStats` aggregate when it has one,
 * else outbox rows up to `CHART_ROWS`; events up to `EVENT_ROWS`; counts per destination from
 * `outboxStats`. A year of data therefore costs the same as a busy month; the page says when a
 * window was cut short.
 */
import { Hono } from 'hono';
import type { DashboardContext, DashboardEnv } from '../context.js';
import { groupConversions } from '../deliveries/status.js';
import { OverviewPage } from '../views/overview.js';
import { blockedPixelShare, conversionsByDay, deliverySuccess, matchQuality } from './stats.js';

export const CHART_ROWS = 10_000;
export const EVENT_ROWS = 5_000;
const DAY = 86_400_000;

export function overviewRoutes(ctx: DashboardContext) {
  const { storage } = ctx.deps;
  /** The overview's figures from the latest outbox rows, when the storage has no aggregate. */
  const scan = async (days: number, now: number) => {
    const since = (Math.floor(now / DAY) - days + 1) * DAY;
    const rows = await storage.listOutbox({ limit: CHART_ROWS });
    const conversions = groupConversions(rows, Number.MAX_SAFE_INTEGER).filter((g) => g.time >= since);
    const oldest = rows.reduce((min, r) => Math.min(min, r.createdAt), Infinity);
    return {
      paths: conversionsByDay(conversions, days, now),
      quality: matchQuality(conversions),
      truncatedAt: rows.length >= CHART_ROWS && oldest > since ? conversions.length : undefined,
    };
  };
  return new Hono<DashboardEnv>().get('/', async (c) => {
    const days = [7, 30, 90].includes(Number(c.req.query('days'))) ? Number(c.req.query('days')) : 30;
    const now = ctx.now();
    const since = (Math.floor(now / DAY) - days + 1) * DAY;
    const [overview, events, stats] = await Promise.all([
      storage.overviewStats
        ? storage.overviewStats(days, now).then((o) => ({ ...o, truncatedAt: undefined }))
        : scan(days, now),
      storage.listEvents(EVENT_ROWS),
      storage.outboxStats(),
    ]);
    return c.html(
      <OverviewPage
        base={ctx.base}
        csrf={c.get('session').csrf}
        days={days}
        paths={overview.paths}
        blocked={blockedPixelShare(events.filter((e) => e.receivedAt >= since))}
        success={deliverySuccess(stats)}
        quality={overview.quality}
        truncatedAt={overview.truncatedAt}
      />,
    );
  });
}
