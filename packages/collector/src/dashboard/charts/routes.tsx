/** @jsxImportSource hono/jsx */
/**
 * The overview page. Reads are bounded: the storage's `overviewStats` aggregate when it has one,
 * else outbox rows up to `CHART_ROWS` and events up to `EVENT_ROWS`; counts per destination come from the
 * same figures. A year of data therefore costs the same as a busy month; the page says when a
 * window was cut short.
 */
import { Hono } from 'hono';
import type { DashboardContext, DashboardEnv } from '../context.js';
import type { OverviewStats } from '../ports.js';
import { groupConversions } from '../deliveries/status.js';
import { OverviewPage } from '../views/overview.js';
import { foldRecovery, recoveryCells } from './recovery.js';
import { blockedPixelShare, conversionsByDay, matchQuality } from './stats.js';

export const CHART_ROWS = 10_000;
export const EVENT_ROWS = 5_000;
const DAY = 86_400_000;

/** The overview's figures, with how many conversions the charts cover when a scan was cut. */
type Scanned = OverviewStats & { truncatedAt: number | undefined };

export function overviewRoutes(ctx: DashboardContext) {
  const { storage } = ctx.deps;
  /** The overview's figures from the latest outbox rows, when the storage has no aggregate. */
  const scan = async (days: number, now: number): Promise<Scanned> => {
    const since = (Math.floor(now / DAY) - days + 1) * DAY;
    const rows = await storage.listOutbox({ limit: CHART_ROWS });
    const conversions = groupConversions(rows, Number.MAX_SAFE_INTEGER).filter((g) => g.time >= since);
    const oldest = rows.reduce((min, r) => Math.min(min, r.createdAt), Infinity);
    return {
      paths: conversionsByDay(conversions, days, now),
      quality: matchQuality(conversions),
      recovery: foldRecovery(recoveryCells(conversions, days, now)),
      truncatedAt: rows.length >= CHART_ROWS && oldest > since ? conversions.length : undefined,
    };
  };
  /** The blocked share from the latest events, and how many were read when that cut the window. */
  const scanBlocked = async (since: number) => {
    const events = await storage.listEvents(EVENT_ROWS);
    const inWindow = events.filter((e) => e.receivedAt >= since);
    const oldest = events.reduce((min, e) => Math.min(min, e.receivedAt), Infinity);
    return {
      share: blockedPixelShare(inWindow),
      cutAt: events.length >= EVENT_ROWS && oldest >= since ? inWindow.length : undefined,
    };
  };
  return new Hono<DashboardEnv>().get('/', async (c) => {
    const days = [7, 30, 90].includes(Number(c.req.query('days'))) ? Number(c.req.query('days')) : 30;
    const now = ctx.now();
    const since = (Math.floor(now / DAY) - days + 1) * DAY;
    const stats = storage.overviewStats ? await storage.overviewStats(days, now) : undefined;
    const overview: Scanned = stats?.recovery
      ? { ...stats, truncatedAt: undefined }
      : { ...(await scan(days, now)), ...stats };
    const blocked = overview.blocked
      ? { share: overview.blocked, cutAt: undefined }
      : await scanBlocked(since);
    return c.html(
      <OverviewPage
        base={ctx.base}
        csrf={c.get('session').csrf}
        days={days}
        paths={overview.paths}
        blocked={blocked.share}
        blockedCutAt={blocked.cutAt}
        recovery={overview.recovery!}
        quality={overview.quality}
        truncatedAt={overview.truncatedAt}
      />,
    );
  });
}
