/**
 * The overview's recovery figures (`dashboard/charts/recovery.ts`) grouped by SQLite: the same
 * cells the scan counts, from one pass over the window's rows, folded by the same function. The
 * window and each conversion's time are those of `sqlite-overview.ts`.
 */
import type Database from 'better-sqlite3';
import { IDENTIFIER_PATHS, IDENTIFIERS, type Identifier } from '../dashboard/charts/identifiers.js';
import {
  foldRecovery,
  type ConversionCell,
  type Recovery,
  type RowCell,
} from '../dashboard/charts/recovery.js';
import { ROW_TIME, truthy } from './sqlite-json.js';

/** `$.a.b` for `a.b`; `lines[*].x` becomes "any line's x". */
function present(path: string): string {
  const [list, rest] = path.split('[*].');
  if (rest !== undefined) {
    return `(json_type(payload, '$.${list}') = 'array' AND EXISTS (
      SELECT 1 FROM json_each(payload, '$.${list}') line WHERE ${truthy('payload', `line.fullkey || '.${rest}'`)}))`;
  }
  return truthy('payload', `'$.${path}'`);
}

const has = (id: Identifier) => `(${IDENTIFIER_PATHS[id].map(present).join(' OR ')})`;

const WINDOW_ROWS = `
  WITH candidates AS MATERIALIZED (
    SELECT DISTINCT event_id FROM outbox INDEXED BY outbox_conversion_time WHERE ${ROW_TIME} >= :since
  ), conversions AS MATERIALIZED (
    SELECT c.event_id,
      (SELECT ${ROW_TIME} FROM outbox l WHERE l.event_id = c.event_id ORDER BY l.id DESC LIMIT 1) AS time,
      (SELECT MIN(f.destination) FROM outbox f WHERE f.event_id = c.event_id) AS first
    FROM candidates c
  ), rows AS MATERIALIZED (
    SELECT o.event_id, o.destination, o.status, COALESCE(o.via, '') AS via,
      CASE WHEN o.status = 'skipped' THEN COALESCE(o.reason, '') ELSE '' END AS reason,
      CASE WHEN json_type(o.payload, '$.currency') = 'text'
        THEN json_extract(o.payload, '$.currency') ELSE '' END AS currency,
      CASE WHEN json_type(o.payload, '$.value') IN ('integer', 'real')
        THEN CAST(ROUND(json_extract(o.payload, '$.value') * 100) AS INTEGER) ELSE 0 END AS value,
      (o.status = 'delivered' AND o.via IS 'server' AND NOT (
        json_type(o.payload, '$.pixels') = 'object' AND
        json_extract(o.payload, '$.pixels.' || json_quote(o.destination)) IS 'loaded')) AS recovered,
      c.time >= :half AS later, o.destination = c.first AS first, o.payload
    FROM conversions c CROSS JOIN outbox o ON o.event_id = c.event_id WHERE c.time >= :since
  )`;

export const RECOVERY_ROWS_SQL = `${WINDOW_ROWS}
  SELECT destination, status, via, reason, currency, later, COUNT(*) AS rows, SUM(value) AS value,
    SUM(recovered) AS recovered, SUM(recovered * value) AS recovered_value,
    ${IDENTIFIERS.map((id) => `SUM(${has(id)}) AS id_${id}`).join(',\n    ')}
  FROM rows GROUP BY destination, status, via, reason, currency, later`;

export const RECOVERY_CONVERSIONS_SQL = `${WINDOW_ROWS}
  SELECT currency, COUNT(*) AS conversions, SUM(value) AS value, SUM(recovered) AS recovered,
    SUM(recovered * value) AS recovered_value
  FROM (SELECT MAX(recovered) AS recovered, MAX(CASE WHEN first THEN currency END) AS currency,
      MAX(CASE WHEN first THEN value END) AS value
    FROM rows GROUP BY event_id)
  GROUP BY currency`;

type Row = Omit<RowCell, 'later' | 'ids' | 'recoveredValue'> & {
  later: number;
  recovered_value: number;
} & Record<`id_${Identifier}`, number>;
type Conv = Omit<ConversionCell, 'recoveredValue'> & { recovered_value: number };

/** The recovery figures of the window of `days` ending with `now`'s UTC day. */
export function sqliteRecovery(db: Database.Database) {
  const rowsQuery = db.prepare(RECOVERY_ROWS_SQL);
  const convQuery = db.prepare(RECOVERY_CONVERSIONS_SQL);
  return (since: number, half: number): Recovery => {
    const rows = (rowsQuery.all({ since, half }) as Row[]).map((r): RowCell => ({
      destination: r.destination,
      status: r.status,
      via: r.via,
      reason: r.reason,
      currency: r.currency,
      later: r.later === 1,
      rows: r.rows,
      value: r.value,
      recovered: r.recovered,
      recoveredValue: r.recovered_value,
      ids: Object.fromEntries(IDENTIFIERS.map((id) => [id, r[`id_${id}`]])) as Record<Identifier, number>,
    }));
    const conversions = (convQuery.all({ since, half }) as Conv[]).map((c): ConversionCell => ({
      currency: c.currency,
      conversions: c.conversions,
      value: c.value,
      recovered: c.recovered,
      recoveredValue: c.recovered_value,
    }));
    return foldRecovery({ rows, conversions });
  };
}
