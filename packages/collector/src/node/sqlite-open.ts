/** Opens a Tandem SQLite file the way every connection must: WAL, synchronous=FULL, migrated. */
import Database from 'better-sqlite3';
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { CliError } from './cli-error.js';
import { migrate } from './sqlite-migrations.js';

export function openDatabase(file: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('busy_timeout = 5000');
    // A value cut or deleted (a full client IP, a purged event) is overwritten, not left in free space.
    db.pragma('secure_delete = ON');
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    // One sentence for the operator (which file, why, the fix) instead of SQLite's stack trace.
    const code = String((error as { code?: unknown }).code ?? '');
    const why =
      directoryProblem(dirname(resolve(file))) ??
      (/^SQLITE_(CANTOPEN|READONLY|IOERR|PERM|AUTH)/.test(code)
        ? `SQLite refused it (${code}); the file or its directory may be read-only`
        : undefined);
    if (why === undefined) throw error;
    throw new CliError(
      `tandem: cannot open the database ${file}: ${why}. Fix: create the directory, make it writable by this user, or pass --db (or TANDEM_DB) with a writable path.`,
    );
  }
}

/** What is wrong with the database's directory, as far as the file system tells; else undefined. */
function directoryProblem(dir: string): string | undefined {
  try {
    if (!statSync(dir).isDirectory()) return `${dir} is not a directory`;
    accessSync(dir, constants.W_OK);
    return undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return `the directory ${dir} does not exist`;
    if (code === 'ENOTDIR') return `${dir} is not a directory`;
    return `the directory ${dir} is not writable by this user`;
  }
}
