/**
 * The one storage failure the core answers with 503 instead of 500: the durable write could not be
 * made now (disk full, I/O error, locked, writer gone or too slow), and retrying later may succeed.
 * Storage adapters translate their own errors into it; the app answers `Retry-After`.
 */
export class StorageUnavailableError extends Error {
  override name = 'StorageUnavailableError';
  constructor(
    /** A short stable kind for logs and grouping, e.g. `SQLITE_FULL` or `write_timeout`. */
    readonly kind: string,
    message: string,
    readonly retryAfterSeconds = 5,
  ) {
    super(message);
  }
}
