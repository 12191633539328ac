/**
 * The attempt history on Postgres (`storage/attempts.ts`). A settlement's attempt is written in
 * the settlement's transaction (`settle.ts`); the rest are the `AttemptStore` methods. Every write
 * is one statement for all the rows it touches, however many: a group commit's attempts cost one
 * round trip, not three per row.
 */
import type pg from 'pg';
import { boundedAttempt, MAX_ATTEMPTS_PER_ROW, scrubbedAttemptText } from '../storage/attempts.js';
import { attemptFromRow, type Row } from '../storage/rows.js';
import type { AttemptRecord, AttemptStore } from '../storage/types.js';
import { transaction } from './pool.js';

export type RowAttempt = AttemptRecord & { rowId: number };

/**
 * Records each attempt as its row's next one (nothing for a row that does not exist) and drops the
 * row's attempts past the bound. The rows are locked first, in id order, so two writers never take
 * the same number nor wait on each other crosswise. A row listed twice gets its attempts in order.
 */
export async function recordAttempts(client: pg.PoolClient, attempts: readonly RowAttempt[]) {
  // Layers of distinct rows: the first attempt of each row, then the second, and so on.
  const layers: RowAttempt[][] = [];
  const seen = new Map<number, number>();
  for (const a of attempts) {
    const depth = seen.get(a.rowId) ?? 0;
    seen.set(a.rowId, depth + 1);
    (layers[depth] ??= []).push(a);
  }
  for (const layer of layers) {
    const bounded = layer.map((a) => ({ rowId: a.rowId, ...boundedAttempt(a) }));
    await client.query(
      `WITH a AS (
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::int[], $6::int[],
           $7::text[], $8::text[]) AS a(row_id, at, url, body, batch_size, status, error, response)),
       o AS (SELECT id, destination, event_id FROM outbox WHERE id IN (SELECT row_id FROM a)
         ORDER BY id FOR UPDATE),
       added AS (
         INSERT INTO attempts (row_id, n, destination, event_id, at, url, body, batch_size, status, error, response)
         SELECT o.id, COALESCE((SELECT MAX(n) FROM attempts WHERE row_id = o.id), 0) + 1, o.destination,
           o.event_id, a.at, a.url, a.body, a.batch_size, a.status, a.error, a.response
         FROM a JOIN o ON o.id = a.row_id
         RETURNING row_id, n)
       DELETE FROM attempts d USING added WHERE d.row_id = added.row_id AND d.n <= added.n - $9`,
      [
        bounded.map((a) => a.rowId),
        bounded.map((a) => a.at),
        bounded.map((a) => a.url),
        bounded.map((a) => a.body),
        bounded.map((a) => a.batchSize),
        bounded.map((a) => a.status ?? null),
        bounded.map((a) => a.error ?? null),
        bounded.map((a) => a.response),
        MAX_ATTEMPTS_PER_ROW,
      ],
    );
  }
}

/** Cuts the full client IP of each row's payload out of the row's attempts (the IP policy). */
export async function scrubAttempts(
  client: pg.Pool | pg.PoolClient,
  rows: ReadonlyArray<{ id: number; payload: unknown }>,
) {
  if (!rows.length) return;
  const payloads = new Map(rows.map((r) => [r.id, r.payload]));
  const { rows: stored } = await client.query<{ row_id: string; n: number; body: string; response: string }>(
    'SELECT row_id, n, body, response FROM attempts WHERE row_id = ANY($1::bigint[])',
    [[...payloads.keys()]],
  );
  const changed = stored.flatMap((raw) => {
    const payload = payloads.get(Number(raw.row_id));
    const body = scrubbedAttemptText(raw.body, payload);
    const response = scrubbedAttemptText(raw.response, payload);
    return body === undefined && response === undefined
      ? []
      : [{ rowId: raw.row_id, n: raw.n, body: body ?? raw.body, response: response ?? raw.response }];
  });
  if (changed.length)
    await client.query(
      `UPDATE attempts a SET body = u.body, response = u.response
       FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[]) AS u(row_id, n, body, response)
       WHERE a.row_id = u.row_id AND a.n = u.n`,
      [
        changed.map((c) => c.rowId),
        changed.map((c) => c.n),
        changed.map((c) => c.body),
        changed.map((c) => c.response),
      ],
    );
}

export function attemptStore(pool: pg.Pool): AttemptStore {
  return {
    recordAttempts: (attempts) => transaction(pool, (client) => recordAttempts(client, attempts)),
    async listAttempts(rowId) {
      const { rows } = await pool.query<Row>('SELECT * FROM attempts WHERE row_id = $1 ORDER BY n DESC', [
        rowId,
      ]);
      return rows.map(attemptFromRow);
    },
    async purgeAttempts(before) {
      return (await pool.query('DELETE FROM attempts WHERE at < $1', [before])).rowCount ?? 0;
    },
  };
}
