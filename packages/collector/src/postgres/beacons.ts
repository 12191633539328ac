/**
 * Beacons with group commit: the beacons of one event-loop turn, or of the time the groups in
 * flight took to commit, are written in one transaction, one multi-row insert for their events and
 * one for their visitors, and each caller's promise resolves only after that commit. Visitors are merged under a per-visitor advisory lock taken in
 * a fixed order, so instances merging the same visitor at once never lose an update and never
 * deadlock. When a group fails, its beacons are retried one by one, so only a bad one fails.
 */
import { eventBody } from '../storage/rows.js';
import type pg from 'pg';
import type { StoredEvent, Visitor, VisitorUpdate } from '../storage/types.js';
import { mergeVisitor } from '../storage/visitor-merge.js';
import { transaction } from './pool.js';
import { json } from './rows.js';

/**
 * Groups being written at once. While they commit, the next beacons queue and go out together in
 * the next group: fewer, larger transactions under load (a commit costs a disk sync however many
 * rows it carries), one small one when idle.
 */
export const GROUPS_IN_FLIGHT = 2;

interface Pending {
  visitor: VisitorUpdate;
  events: StoredEvent[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function beaconWriter(pool: pg.Pool, maxBatch = 500, maxInFlight = GROUPS_IN_FLIGHT) {
  let queue: Pending[] = [];
  let scheduled = false;
  const inFlight = new Set<Promise<void>>();

  /** Starts the next group as soon as a group in flight commits. */
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    setImmediate(flush);
  };

  const flush = () => {
    scheduled = false;
    while (queue.length && inFlight.size < maxInFlight) {
      const group = queue.splice(0, maxBatch);
      const done = write(pool, group)
        .then(() => group.forEach((p) => p.resolve()))
        .catch(async () => {
          for (const p of group) await write(pool, [p]).then(p.resolve, p.reject);
        });
      inFlight.add(done);
      void done.finally(() => {
        inFlight.delete(done);
        if (queue.length) schedule();
      });
    }
  };

  return {
    record(visitor: VisitorUpdate, events: StoredEvent[]): Promise<void> {
      return new Promise<void>((resolve, reject) => {
        queue.push({ visitor, events, resolve, reject });
        schedule();
      });
    },
    /** Resolves once every write queued so far has settled. */
    async drain(): Promise<void> {
      while (queue.length || inFlight.size) {
        flush();
        await Promise.allSettled([...inFlight]);
      }
    },
    reset() {
      queue = [];
    },
  };
}

async function write(pool: pg.Pool, group: Pending[]): Promise<void> {
  await transaction(pool, async (client) => {
    const ids = [...new Set(group.map((p) => p.visitor.id))];
    await client.query(
      `SELECT pg_advisory_xact_lock(h)
       FROM (SELECT DISTINCT hashtextextended(id, 0) AS h FROM unnest($1::text[]) AS id ORDER BY 1) AS locks`,
      [ids],
    );
    const { rows } = await client.query<{ id: string; body: Visitor }>(
      'SELECT id, body FROM visitors WHERE id = ANY($1)',
      [ids],
    );
    const visitors = new Map(rows.map((r) => [r.id, r.body]));
    for (const p of group) visitors.set(p.visitor.id, mergeVisitor(visitors.get(p.visitor.id), p.visitor));
    const merged = [...visitors.values()];
    // Each group's rows travel as one JSON document: built by the native JSON.stringify and read
    // by the server in one pass, where arrays of JSON texts cost an escape per character on both.
    await client.query(
      `INSERT INTO visitors (id, last_seen, body)
       SELECT id, last_seen, body FROM json_to_recordset($1::json) AS v(id text, last_seen bigint, body json)
       ON CONFLICT (id) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body`,
      [json(merged.map((v) => ({ id: v.id, last_seen: v.lastSeen, body: v })))],
    );
    const events = group.flatMap((p) => p.events);
    if (events.length)
      await client.query(
        `INSERT INTO events (id, name, visitor_id, received_at, url, body, full_ip)
         SELECT id, name, visitor_id, received_at, url, body, full_ip
         FROM ROWS FROM (json_to_recordset($1::json) AS (id text, name text, visitor_id text,
           received_at bigint, url text, body json, full_ip text)) WITH ORDINALITY
           AS e(id, name, visitor_id, received_at, url, body, full_ip, n)
         ORDER BY n
         ON CONFLICT (id, visitor_id) DO NOTHING`,
        [
          json(
            events.map((e) => ({
              id: e.id,
              name: e.name,
              visitor_id: e.visitorId,
              received_at: e.receivedAt,
              url: e.url,
              body: eventBody(e),
              full_ip: e.fullIp ?? null,
            })),
          ),
        ],
      );
  });
}
