/** Opens a Tandem SQLite file the way every connection must: WAL, synchronous=FULL, migrated. */
import Database from 'better-sqlite3';
import { migrate } from './sqlite-migrations.js';

export function openDatabase(file: string): Database.Database {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // A value cut or deleted (a full client IP, a purged event) is overwritten, not left in free space.
  db.pragma('secure_delete = ON');
  migrate(db);
  return db;
}
