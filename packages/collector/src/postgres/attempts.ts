/**
 * The attempt history on Postgres (`storage/attempts.ts`). A settlement's attempt is written in
 * the settlement's transaction (`outbox.ts`); the rest are the `AttemptStore` methods.
 */
import type pg from 'pg';
import { boundedAttempt, MAX_ATTEMPTS_PER_ROW, scrubbedAttemptText } from '../storage/attempts.js';
import { attemptFromRow, type Row } from '../storage/rows.js';
import type { AttemptRecord, AttemptStore } from '../storage/types.js';
import { transaction } from './pool.js';

type Client = pg.Pool | pg.PoolClient;

/**
 * Records `record` as the row's next attempt (nothing when the row does not exist). The row is
 * locked first, so two writers never take the same number.
 */
export async function recordAttempt(client: pg.PoolClient, rowId: number, record: AttemptRecord) {
  const a = boundedAttempt(record);
  const { rows } = await client.query<{ n: number }>(
    `WITH o AS (SELECT id, destination, event_id FROM outbox WHERE id = $1 FOR UPDATE)
     INSERT INTO attempts (row_id, n, destination, event_id, at, url, body, batch_size, status, error, response)
     SELECT o.id, COALESCE((SELECT MAX(n) FROM attempts WHERE row_id = o.id), 0) + 1, o.destination,
       o.event_id, $2, $3, $4, $5, $6, $7, $8 FROM o
     RETURNING n`,
    [rowId, a.at, a.url, a.body, a.batchSize, a.status ?? null, a.error ?? null, a.response],
  );
  const n = rows[0]?.n;
  if (n !== undefined)
    await client.query('DELETE FROM attempts WHERE row_id = $1 AND n <= $2', [
      rowId,
      n - MAX_ATTEMPTS_PER_ROW,
    ]);
}

/** Cuts the full client IP of `payload` out of the row's attempts (the IP policy). */
export async function scrubAttempts(client: Client, rowId: number, payload: unknown) {
  const { rows } = await client.query<{ n: number; body: string; response: string }>(
    'SELECT n, body, response FROM attempts WHERE row_id = $1',
    [rowId],
  );
  for (const raw of rows) {
    const body = scrubbedAttemptText(raw.body, payload);
    const response = scrubbedAttemptText(raw.response, payload);
    if (body !== undefined || response !== undefined)
      await client.query('UPDATE attempts SET body = $1, response = $2 WHERE row_id = $3 AND n = $4', [
        body ?? raw.body,
        response ?? raw.response,
        rowId,
        raw.n,
      ]);
  }
}

export function attemptStore(pool: pg.Pool): AttemptStore {
  return {
    recordAttempts: (attempts) =>
      transaction(pool, async (client) => {
        // In row order, so two of these never wait on each other's rows.
        const sorted = [...attempts].sort((a, b) => a.rowId - b.rowId);
        for (const { rowId, ...record } of sorted) await recordAttempt(client, rowId, record);
      }),
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
