/** @jsxImportSource hono/jsx */
/**
 * The overview page. Reads are bounded: outbox rows up to `CHART_ROWS`, events up to
 * `EVENT_ROWS`, counts per destination from the storage's own aggregate. A year of data therefore
 * costs the same as a busy month; the page says when a window was cut short.
 */
import { Hono } from 'hono';
import type { DashboardContext, DashboardEnv } from '../context.js';
import { groupConversions } from '../deliveries/status.js';
import { OverviewPage } from '../views/overview.js';
import { blockedPixelShare, conversionsByDay, deliverySuccess, matchQuality } from './stats.js';

export const CHART_ROWS = 20_000;
export const EVENT_ROWS = 5_000;
const DAY = 86_400_000;

export function overviewRoutes(ctx: DashboardContext) {
  const { storage } = ctx.deps;
  return new Hono<DashboardEnv>().get('/', async (c) => {
    const days = [7, 30, 90].includes(Number(c.req.query('days'))) ? Number(c.req.query('days')) : 30;
    const now = ctx.now();
    const [rows, events, stats] = await Promise.all([
      storage.listOutbox({ limit: CHART_ROWS }),
      storage.listEvents(EVENT_ROWS),
      storage.outboxStats(),
    ]);
    const since = (Math.floor(now / DAY) - days + 1) * DAY;
    const conversions = groupConversions(rows, Number.MAX_SAFE_INTEGER).filter((g) => g.time >= since);
    const oldest = rows.reduce((min, r) => Math.min(min, r.createdAt), Infinity);
    return c.html(
      <OverviewPage
        base={ctx.base}
        csrf={c.get('session').csrf}
        days={days}
        paths={conversionsByDay(conversions, days, now)}
        blocked={blockedPixelShare(events.filter((e) => e.receivedAt >= since))}
        success={deliverySuccess(stats)}
        quality={matchQuality(conversions)}
        truncatedAt={rows.length >= CHART_ROWS && oldest > since ? conversions.length : undefined}
      />,
    );
  });
}
