/**
 * The attempt history on SQLite (`storage/attempts.ts`): the writer thread's statements, run inside
 * the write they belong to (a settlement's attempt commits with the settlement), and the reader's.
 */
import type Database from 'better-sqlite3';
import { boundedAttempt, MAX_ATTEMPTS_PER_ROW, scrubbedAttemptText } from '../storage/attempts.js';
import type { Attempt, AttemptRecord } from '../storage/types.js';
import { attemptFromRow, type Row } from '../storage/rows.js';

export function attemptWriter(db: Database.Database) {
  const q = {
    insert: db.prepare(
      `INSERT INTO attempts (row_id, n, destination, event_id, at, url, body, batch_size, status, error, response)
       SELECT o.id, COALESCE((SELECT MAX(n) FROM attempts WHERE row_id = o.id), 0) + 1, o.destination,
         o.event_id, ?, ?, ?, ?, ?, ?, ? FROM outbox o WHERE o.id = ?
       RETURNING n`,
    ),
    trim: db.prepare('DELETE FROM attempts WHERE row_id = ? AND n <= ?'),
    ofRow: db.prepare('SELECT n, body, response FROM attempts WHERE row_id = ?'),
    update: db.prepare('UPDATE attempts SET body = ?, response = ? WHERE row_id = ? AND n = ?'),
    purge: db.prepare('DELETE FROM attempts WHERE at < ?'),
  };
  return {
    /** Records `record` as the row's next attempt (nothing when the row does not exist). */
    record(rowId: number, record: AttemptRecord) {
      const a = boundedAttempt(record);
      const added = q.insert.get(
        a.at,
        a.url,
        a.body,
        a.batchSize,
        a.status ?? null,
        a.error ?? null,
        a.response,
        rowId,
      ) as { n: number } | undefined;
      if (added) q.trim.run(rowId, added.n - MAX_ATTEMPTS_PER_ROW);
    },
    /** Cuts the full client IP of `payload` out of the row's attempts (the IP policy). */
    scrub(rowId: number, payload: unknown) {
      for (const raw of q.ofRow.all(rowId) as Array<{ n: number; body: string; response: string }>) {
        const body = scrubbedAttemptText(raw.body, payload);
        const response = scrubbedAttemptText(raw.response, payload);
        if (body !== undefined || response !== undefined)
          q.update.run(body ?? raw.body, response ?? raw.response, rowId, raw.n);
      }
    },
    purge: (before: number) => q.purge.run(before).changes,
  };
}

export function attemptReader(db: Database.Database) {
  const list = db.prepare('SELECT * FROM attempts WHERE row_id = ? ORDER BY n DESC');
  return (rowId: number): Attempt[] => list.all(rowId).map((r) => attemptFromRow(r as Row));
}
