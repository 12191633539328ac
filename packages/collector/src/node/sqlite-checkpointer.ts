/**
 * The WAL checkpointer thread. It copies committed pages from the write-ahead log into the
 * database file (and fsyncs that file) on its own connection, so the writer thread never stops
 * between two commits to do it: a checkpoint inside the writer held every beacon waiting behind it
 * for several milliseconds, which was most of the collector's p99 at half load. PASSIVE never
 * waits for, nor blocks, the writer or the readers. Protocol: `{ file, intervalMs }` in
 * workerData; the message `'close'` closes the connection and ends the thread.
 */
import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';

const { file, intervalMs } = workerData as { file: string; intervalMs: number };
const port = parentPort!;
const db = new Database(file);
db.pragma('synchronous = FULL');

const timer = setInterval(() => {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch {
    // A busy or failed checkpoint is retried on the next tick; the writer's own backstop
    // checkpoint (see `sqlite-worker.ts`) bounds the log meanwhile.
  }
}, intervalMs);

port.on('message', (message: 'close') => {
  if (message !== 'close') return;
  clearInterval(timer);
  try {
    db.close();
  } finally {
    // Closed even if the disk failed the close: the thread must end, not linger on its timer.
    port.close();
  }
});
