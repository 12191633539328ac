/**
 * The dashboard overview's figures computed by SQLite itself (`overviewStats`), so a window of 90
 * busy days costs one grouped query instead of parsing every outbox row in JavaScript, and is never
 * cut short. It returns exactly what `charts/stats.ts` computes from a scan of the same rows:
 *
 * - a conversion is an event ID with its outbox rows; its time is the `time` of the payload of its
 *   newest row (highest id), or that row's `created_at` when the payload has no numeric `time`;
 * - "first" is the row of the destination that sorts first: its payload says which pixels loaded
 *   and which identifiers the conversion carried;
 * - a conversion is in the window when its time is at or after the window's first UTC midnight
 *   (later than today counts for match quality but has no day to be drawn on, as in the scan).
 *
 * JavaScript truthiness (`if (c.ids?.adct)`) is spelled out per JSON type, since SQLite's would
 * read the text `"abc"` as false.
 */
import type Database from 'better-sqlite3';
import type { Share } from '../dashboard/charts/stats.js';
import { overviewFromDays, type DayCounts, type OverviewStats } from '../storage/read-model.js';
import { ROW_TIME, truthy } from './sqlite-json.js';
import { sqliteRecovery } from './sqlite-recovery.js';

const DAY = 86_400_000;

/** Conversions in the window, one row each, with the flags the charts count. */
export const OVERVIEW_SQL = `
  WITH candidates AS MATERIALIZED (
    -- Any row of the event in the window; the newest row decides below. Without statistics the
    -- planner would rather walk outbox_event for DISTINCT, reading every payload.
    SELECT DISTINCT event_id FROM outbox INDEXED BY outbox_conversion_time WHERE ${ROW_TIME} >= :since
  ), grouped AS MATERIALIZED (
    SELECT o.event_id,
      MAX(o.status = 'delivered' AND o.via IS 'pixel') AS pixel_row,
      MAX(o.status = 'delivered' AND o.via IS 'server') AS server_row,
      (SELECT ${ROW_TIME} FROM outbox l WHERE l.event_id = o.event_id ORDER BY l.id DESC LIMIT 1) AS time,
      -- Parsed once into JSONB: the flags below read it about a dozen times.
      (SELECT jsonb(f.payload) FROM outbox f WHERE f.event_id = o.event_id ORDER BY f.destination LIMIT 1) AS first
    FROM candidates c CROSS JOIN outbox o ON o.event_id = c.event_id
    GROUP BY o.event_id
  ), conversions AS MATERIALIZED (
    SELECT CAST(time AS INTEGER) / ${DAY} AS day,
      pixel_row OR (json_type(first, '$.pixels') IN ('object', 'array') AND EXISTS (
        SELECT 1 FROM json_each(first, '$.pixels') WHERE value = 'loaded')) AS by_pixel,
      server_row AS by_server,
      ${truthy('first', `'$.ids.adct'`)} AS adct,
      (${truthy('first', `'$.ids.fbc'`)} OR ${truthy('first', `'$.ids.fbp'`)}) AS fbc_or_fbp,
      ${truthy('first', `'$.user.em'`)} AS email,
      (json_type(first, '$.lines') = 'array' AND EXISTS (
        SELECT 1 FROM json_each(first, '$.lines') line
        WHERE ${truthy('first', `line.fullkey || '.searchLogId'`)})) AS search_log_id
    FROM grouped WHERE time >= :since
  )
  SELECT day,
    SUM(by_pixel AND by_server) AS both, SUM(by_pixel AND NOT by_server) AS pixel,
    SUM(by_server AND NOT by_pixel) AS server, SUM(NOT by_pixel AND NOT by_server) AS none,
    COUNT(*) AS total, SUM(adct) AS adct, SUM(fbc_or_fbp) AS fbc_or_fbp, SUM(email) AS email,
    SUM(search_log_id) AS search_log_id
  FROM conversions GROUP BY day ORDER BY day`;

/** SQL for "some pixel in the JSON `body` is in one of `states`" (`pixels` is an object). */
function pixelIn(states: string): string {
  return `(json_type(body, '$.pixels') IN ('object', 'array') AND EXISTS (
    SELECT 1 FROM json_each(body, '$.pixels') WHERE type = 'text' AND value IN (${states})))`;
}

/**
 * `blockedPixelShare` over every event received in the window (from its first UTC midnight on, no
 * upper bound, as the scan filters): visitors with a `blocked` pixel among visitors with a
 * `loaded` or `blocked` one. The window is found through the `events_received_at` index.
 */
export const BLOCKED_SQL = `
  SELECT COUNT(DISTINCT CASE WHEN ${pixelIn(`'blocked'`)} THEN visitor_id END) AS count,
    COUNT(DISTINCT CASE WHEN ${pixelIn(`'loaded', 'blocked'`)} THEN visitor_id END) AS total
  FROM events INDEXED BY events_received_at WHERE received_at >= :since`;

/** `overviewStats` for a SQLite storage, reading through the given (read) connection. */
export function sqliteOverview(db: Database.Database) {
  const query = db.prepare(OVERVIEW_SQL);
  const blockedQuery = db.prepare(BLOCKED_SQL);
  const recovery = sqliteRecovery(db);
  return async (days: number, now: number): Promise<OverviewStats> => {
    const since = (Math.floor(now / DAY) - days + 1) * DAY;
    const rows = query.all({ since }) as DayCounts[];
    const blocked = blockedQuery.get({ since }) as Share;
    return {
      ...overviewFromDays(rows, blocked, days, now),
      recovery: recovery(since, since + Math.floor(days / 2) * DAY),
    };
  };
}
