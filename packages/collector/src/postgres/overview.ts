/**
 * The dashboard overview's figures computed by Postgres (`overviewStats`), the same definition as
 * `scanOverview` (storage/read-model.ts) and the SQLite query (node/sqlite-overview.ts): a
 * conversion's time is its newest row's, its pixels and identifiers come from the row of the
 * destination that sorts first, and JavaScript truthiness is spelled out per JSON type.
 */
import type pg from 'pg';
import type { Share } from '../dashboard/charts/stats.js';
import { foldRecovery, recoveryCells } from '../dashboard/charts/recovery.js';
import { groupConversions } from '../dashboard/deliveries/status.js';
import { overviewFromDays, type DayCounts, type OverviewStats } from '../storage/read-model.js';
import { ROW_TIME } from './migrations.js';
import { rowToOutbox, type Row } from './rows.js';

/**
 * Every row of the conversions with a row in the window (found through `outbox_conversion_time`);
 * newest first, as `groupConversions` reads a conversion's time from its first row; the recovery
 * figures are folded from them by the scan's own functions.
 */
const WINDOW_ROWS_SQL = `
  SELECT * FROM outbox WHERE event_id IN (SELECT event_id FROM outbox WHERE ${ROW_TIME} >= $1)
  ORDER BY id DESC`;

const DAY = 86_400_000;

/** SQL for "the jsonb value `v` is truthy in JavaScript" (NULL, a missing key, is not). */
const truthy = (v: string) => `COALESCE(CASE jsonb_typeof(${v})
  WHEN 'boolean' THEN ${v} = 'true'::jsonb WHEN 'object' THEN true WHEN 'array' THEN true
  WHEN 'number' THEN (${v})::text::numeric <> 0 WHEN 'string' THEN ${v} <> '""'::jsonb
  ELSE false END, false)`;

/** SQL for "some value of the object or array `v` is one of `states`" (`Object.values`). */
const someValueIn = (v: string, states: string) => `(CASE jsonb_typeof(${v})
  WHEN 'object' THEN EXISTS (SELECT 1 FROM jsonb_each(${v}) x WHERE x.value IN (${states}))
  WHEN 'array' THEN EXISTS (SELECT 1 FROM jsonb_array_elements(${v}) x WHERE x IN (${states}))
  ELSE false END)`;

const OVERVIEW_SQL = `
  WITH candidates AS MATERIALIZED (
    SELECT DISTINCT event_id FROM outbox WHERE ${ROW_TIME} >= $1
  ), grouped AS MATERIALIZED (
    SELECT c.event_id,
      bool_or(o.status = 'delivered' AND o.via = 'pixel') AS pixel_row,
      bool_or(o.status = 'delivered' AND o.via = 'server') AS server_row,
      (SELECT ${ROW_TIME} FROM outbox l WHERE l.event_id = c.event_id ORDER BY l.id DESC LIMIT 1) AS time,
      (SELECT f.payload::jsonb FROM outbox f WHERE f.event_id = c.event_id
        ORDER BY f.destination COLLATE "C" LIMIT 1) AS first
    FROM candidates c JOIN outbox o ON o.event_id = c.event_id
    GROUP BY c.event_id
  ), conversions AS (
    SELECT floor(time / ${DAY})::bigint AS day,
      (pixel_row OR ${someValueIn(`first -> 'pixels'`, `'"loaded"'::jsonb`)}) AS by_pixel,
      server_row AS by_server,
      ${truthy(`first -> 'ids' -> 'adct'`)} AS adct,
      (${truthy(`first -> 'ids' -> 'fbc'`)} OR ${truthy(`first -> 'ids' -> 'fbp'`)}) AS fbc_or_fbp,
      ${truthy(`first -> 'user' -> 'em'`)} AS email,
      (jsonb_typeof(first -> 'lines') = 'array' AND EXISTS (
        SELECT 1 FROM jsonb_array_elements(first -> 'lines') line
        WHERE ${truthy(`line -> 'searchLogId'`)})) AS search_log_id
    FROM grouped WHERE time >= $1
  )
  SELECT day,
    COUNT(*) FILTER (WHERE by_pixel AND by_server) AS both,
    COUNT(*) FILTER (WHERE by_pixel AND NOT by_server) AS pixel,
    COUNT(*) FILTER (WHERE by_server AND NOT by_pixel) AS server,
    COUNT(*) FILTER (WHERE NOT by_pixel AND NOT by_server) AS none,
    COUNT(*) AS total, COUNT(*) FILTER (WHERE adct) AS adct,
    COUNT(*) FILTER (WHERE fbc_or_fbp) AS fbc_or_fbp, COUNT(*) FILTER (WHERE email) AS email,
    COUNT(*) FILTER (WHERE search_log_id) AS search_log_id
  FROM conversions GROUP BY day ORDER BY day`;

/** `blockedPixelShare` over every event received in the window (no upper bound, as the scan). */
const BLOCKED_SQL = `
  SELECT COUNT(DISTINCT visitor_id) FILTER (WHERE ${someValueIn(`body::jsonb -> 'pixels'`, `'"blocked"'::jsonb`)}) AS count,
    COUNT(DISTINCT visitor_id) FILTER (
      WHERE ${someValueIn(`body::jsonb -> 'pixels'`, `'"loaded"'::jsonb, '"blocked"'::jsonb`)}) AS total
  FROM events WHERE received_at >= $1`;

export function postgresOverview(pool: pg.Pool) {
  return async (days: number, now: number): Promise<OverviewStats> => {
    const since = (Math.floor(now / DAY) - days + 1) * DAY;
    const [days_, blocked, windowRows] = await Promise.all([
      pool.query<Record<keyof DayCounts, string>>(OVERVIEW_SQL, [since]),
      pool.query<Record<keyof Share, string>>(BLOCKED_SQL, [since]),
      pool.query<Row>(WINDOW_ROWS_SQL, [since]),
    ]);
    const conversions = groupConversions(windowRows.rows.map(rowToOutbox), Number.MAX_SAFE_INTEGER).filter(
      (g) => g.time >= since,
    );
    const rows = days_.rows.map(
      (r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, Number(v)])) as unknown as DayCounts,
    );
    const share = blocked.rows[0]!;
    return {
      ...overviewFromDays(rows, { count: Number(share.count), total: Number(share.total) }, days, now),
      recovery: foldRecovery(recoveryCells(conversions, days, now)),
    };
  };
}
