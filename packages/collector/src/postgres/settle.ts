/**
 * Settlements with group commit: the settlements of one event-loop turn (a batch's rows, the other
 * lanes' rows), or of the time the groups in flight took to commit, are applied in one
 * transaction, and each caller's promise resolves only after that commit. One transaction per row
 * cost a connection, eight round trips and a synced commit per
 * row, which capped delivery at what the pool could commit, not at what the platforms took.
 *
 * In the transaction, the events' advisory locks are taken first, in a fixed order (so engines on
 * other instances settling rows of the same events wait instead of deadlocking), then the rows,
 * `FOR UPDATE`. A row applies only while it is `pending` or `sending` under the caller's lease
 * token. Once an event has no unsettled row left, its rows' payloads and its beacon keep no full
 * client IP (`scrubbedPayload`), nor do their recorded attempts. Each settlement's attempt is
 * recorded in the same transaction (`attempts.ts`). When a group fails, its settlements are retried one by one, so
 * only a bad one fails.
 */
import type pg from 'pg';
import { scrubbedPayload, settledFields, SETTLEABLE, UNSETTLED } from '../storage/outbox-rules.js';
import type { AttemptRecord, OutboxRow, Settlement } from '../storage/types.js';
import { recordAttempts, scrubAttempts } from './attempts.js';
import { GROUPS_IN_FLIGHT } from './beacons.js';
import { transaction } from './pool.js';
import { json, rowToOutbox, type Row } from './rows.js';

interface Pending {
  rowId: number;
  token: string;
  settlement: Settlement;
  now: number;
  attempt: AttemptRecord | undefined;
  resolve: (applied: boolean) => void;
  reject: (error: unknown) => void;
}

export function settleWriter(pool: pg.Pool, maxBatch = 500) {
  let queue: Pending[] = [];
  let scheduled = false;
  const inFlight = new Set<Promise<void>>();

  /** The next group: up to `maxBatch` settlements of distinct rows (a repeated row waits a turn). */
  const nextGroup = () => {
    const ids = new Set<number>();
    const group: Pending[] = [];
    const rest: Pending[] = [];
    for (const p of queue) {
      if (group.length < maxBatch && !ids.has(p.rowId)) {
        ids.add(p.rowId);
        group.push(p);
      } else rest.push(p);
    }
    queue = rest;
    return group;
  };

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  const flush = () => {
    scheduled = false;
    while (queue.length && inFlight.size < GROUPS_IN_FLIGHT) {
      const group = nextGroup();
      const done = write(pool, group).then(
        (applied) => group.forEach((p, i) => p.resolve(applied[i]!)),
        async () => {
          for (const p of group) await write(pool, [p]).then(([ok]) => p.resolve(ok!), p.reject);
        },
      );
      inFlight.add(done);
      void done.finally(() => {
        inFlight.delete(done);
        if (queue.length) schedule();
      });
    }
  };

  return {
    settle: (
      rowId: number,
      token: string,
      settlement: Settlement,
      now: number,
      attempt?: AttemptRecord,
    ): Promise<boolean> =>
      new Promise<boolean>((resolve, reject) => {
        queue.push({ rowId, token, settlement, now, attempt, resolve, reject });
        schedule();
      }),
    /** Resolves once every settlement queued so far has committed or failed. */
    async drain(): Promise<void> {
      while (queue.length || inFlight.size) {
        flush();
        await Promise.allSettled([...inFlight]);
      }
    },
  };
}

/** Applies the group in one transaction; whether each settlement applied, in the group's order. */
function write(pool: pg.Pool, group: Pending[]): Promise<boolean[]> {
  return transaction(pool, async (client) => {
    const ids = group.map((p) => p.rowId);
    // The events' locks in hash order, and the events, in one statement.
    const events = (
      await client.query<{ event_id: string }>(
        `SELECT event_id, pg_advisory_xact_lock(h)
         FROM (SELECT DISTINCT event_id, hashtext(event_id) AS h FROM outbox WHERE id = ANY($1::bigint[])
               ORDER BY h, event_id) AS e`,
        [ids],
      )
    ).rows.map((r) => r.event_id);
    const { rows } = await client.query<Row>(
      `SELECT * FROM outbox WHERE id = ANY($1::bigint[]) AND status = ANY($2::text[]) ORDER BY id FOR UPDATE`,
      [ids, SETTLEABLE],
    );
    // The request went out whether or not the lease still holds: its attempt is recorded either way.
    await recordAttempts(
      client,
      group.flatMap((p) => (p.attempt ? [{ ...p.attempt, rowId: p.rowId }] : [])),
    );
    const held = new Map(rows.map((r) => [Number(r.id), r]));
    const applied = group.map((p) => held.get(p.rowId)?.lease_token === p.token);
    const updates = group
      .filter((_, i) => applied[i])
      .map((p) => ({ id: p.rowId, ...settledFields(rowToOutbox(held.get(p.rowId)!), p.settlement, p.now) }));
    if (updates.length)
      await client.query(
        `UPDATE outbox o SET status = u.status, reason = u.reason, via = u.via, attempts = u.attempts,
           next_attempt_at = u.next_attempt_at, delivered_at = u.delivered_at,
           lease_token = NULL, lease_until = NULL
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::int[], $6::bigint[], $7::bigint[])
           AS u(id, status, reason, via, attempts, next_attempt_at, delivered_at)
         WHERE o.id = u.id`,
        [
          updates.map((u) => u.id),
          updates.map((u) => u.status),
          updates.map((u) => u.reason ?? null),
          updates.map((u) => u.via ?? null),
          updates.map((u) => u.attempts),
          updates.map((u) => u.nextAttemptAt),
          updates.map((u) => u.deliveredAt ?? null),
        ],
      );
    await scrubSettled(client, events);
    return applied;
  });
}

/** For each event with no unsettled row left: its rows' payloads and its beacon lose the full IP. */
export async function scrubSettled(client: pg.PoolClient, eventIds: string[]) {
  const rows = (
    await client.query<Row>('SELECT * FROM outbox WHERE event_id = ANY($1::text[])', [eventIds])
  ).rows.map(rowToOutbox);
  const byEvent = new Map<string, OutboxRow[]>();
  for (const r of rows) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r]);
  const settled = [...byEvent].filter(([, rs]) => !rs.some((r) => UNSETTLED.includes(r.status)));
  const scrubbed = settled
    .flatMap(([, rs]) => rs)
    .map((r) => ({ id: r.id, original: r.payload, payload: scrubbedPayload(r.payload) }))
    .filter((r) => r.payload !== undefined);
  await scrubAttempts(
    client,
    scrubbed.map((s) => ({ id: s.id, payload: s.original })),
  );
  if (settled.length)
    // The payloads and the beacons in one statement.
    await client.query(
      `WITH payloads AS (
         UPDATE outbox o SET payload = s.payload FROM unnest($1::bigint[], $2::json[]) AS s(id, payload)
         WHERE o.id = s.id)
       UPDATE events SET full_ip = NULL WHERE id = ANY($3::text[]) AND full_ip IS NOT NULL`,
      [scrubbed.map((s) => s.id), scrubbed.map((s) => json(s.payload)), settled.map(([eventId]) => eventId)],
    );
}
