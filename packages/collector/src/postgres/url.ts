/** Whether a `--db` / `TANDEM_DB` value names a Postgres database rather than a SQLite file. */
export function isPostgresUrl(db: string): boolean {
  return /^postgres(ql)?:\/\//i.test(db);
}
