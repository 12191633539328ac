/**
 * Group commit for a synchronous database: writes queued during one event-loop turn run in one
 * transaction, and each caller's promise settles only after that transaction commits. With
 * `synchronous=FULL` one fsync then covers many requests, so durability stays fast without a
 * fixed timer (which would cap throughput and add latency).
 */
import type Database from 'better-sqlite3';

interface Job {
  run: () => unknown;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommit {
  /** Queues `run` to execute inside the next group transaction; resolves with its result after commit. */
  write<T>(run: () => T): Promise<T>;
  /** Commits whatever is queued now (used before closing). */
  flush(): void;
}

export function groupCommit(db: Database.Database, maxBatch = 512): GroupCommit {
  let queue: Job[] = [];
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    const batch = queue;
    queue = [];
    if (batch.length === 0) return;
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    try {
      db.transaction(() => {
        for (const job of batch) {
          // A nested transaction is a savepoint: one failing write rolls back alone.
          try {
            outcomes.push({ ok: true, value: db.transaction(job.run)() });
          } catch (error) {
            outcomes.push({ ok: false, error });
          }
        }
      }).immediate();
    } catch (error) {
      for (const job of batch) job.reject(error);
      return;
    }
    batch.forEach((job, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) job.resolve(outcome.value);
      else job.reject(outcome.error);
    });
  };

  return {
    write<T>(run: () => T): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ run, resolve: resolve as (value: unknown) => void, reject });
        if (queue.length >= maxBatch) flush();
        else if (!scheduled) {
          scheduled = true;
          setImmediate(flush);
        }
      });
    },
    flush,
  };
}
