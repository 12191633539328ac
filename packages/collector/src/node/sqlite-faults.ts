/**
 * Storage faults the SQLite writer can be told to simulate (tests only: a storage opened with
 * `faults: true`): every batch failing with an SQLite error code, as on a full or failing disk, or
 * every batch stalling, as on a frozen disk. And the translation of SQLite's error codes into what
 * the core answers 503 to (`StorageUnavailableError`) rather than 500.
 */
import { StorageUnavailableError } from '../storage/errors.js';

export type Fault = { code: string } | { stallMs: number } | null;

/** Errors a later retry may not meet: full, failing or busy disk, lost write access. */
const TRANSIENT = /^SQLITE_(FULL|IOERR|BUSY|LOCKED|READONLY|CANTOPEN|NOMEM|PROTOCOL)/;

export function writeError(message: string, code?: string): Error {
  return code !== undefined && TRANSIENT.test(code)
    ? new StorageUnavailableError(code, `SQLite write failed (${code}): ${message}`)
    : new Error(message);
}

/** Blocks the calling thread for `ms` (the writer thread, to simulate a frozen disk). */
export function stall(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
