/**
 * SQLite storage (better-sqlite3): one file, WAL, synchronous=FULL. Writes from one event-loop
 * turn are committed together in one transaction (group commit), and each caller's promise
 * resolves only after that commit, so an acknowledged write is on disk.
 */
import Database from 'better-sqlite3';
import type { Storage, StoredEvent } from '../storage/types.js';

interface Pending {
  events: StoredEvent[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function sqliteStorage(file: string): Storage {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(`CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    visitor_id TEXT NOT NULL,
    received_at INTEGER NOT NULL,
    url TEXT NOT NULL,
    body TEXT NOT NULL
  )`);
  const insert = db.prepare(
    'INSERT OR IGNORE INTO events (id, name, visitor_id, received_at, url, body) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const commit = db.transaction((batch: Pending[]) => {
    for (const p of batch)
      for (const e of p.events)
        insert.run(
          e.id,
          e.name,
          e.visitorId,
          e.receivedAt,
          e.url,
          JSON.stringify({ props: e.props, pixels: e.pixels, consent: e.consent, ids: e.ids }),
        );
  });

  let queue: Pending[] = [];
  const flush = () => {
    const batch = queue;
    queue = [];
    try {
      commit(batch);
      for (const p of batch) p.resolve();
    } catch (error) {
      for (const p of batch) p.reject(error);
    }
  };

  const rowToEvent = (row: Record<string, unknown>): StoredEvent => {
    const body = JSON.parse(String(row.body));
    return {
      id: String(row.id),
      name: String(row.name),
      visitorId: String(row.visitor_id),
      receivedAt: Number(row.received_at),
      url: String(row.url),
      props: body.props,
      pixels: body.pixels,
      consent: body.consent,
      ids: body.ids,
    };
  };

  return {
    insertEvents(events) {
      return new Promise((resolve, reject) => {
        if (queue.length === 0) setImmediate(flush);
        queue.push({ events, resolve, reject });
      });
    },
    async listEvents(limit = 100) {
      const rows = db.prepare('SELECT * FROM events ORDER BY rowid DESC LIMIT ?').all(limit);
      return rows.map((r) => rowToEvent(r as Record<string, unknown>));
    },
    async ping() {
      db.prepare('SELECT 1').get();
    },
    async close() {
      if (queue.length) flush();
      db.close();
    },
  };
}
