/**
 * The SQLite writer thread. It owns the only write connection and commits each batch it gets in
 * one transaction (one fsync), while the main thread keeps accepting requests and queues the next
 * batch. Protocol: `{ file }` in workerData; messages `{ id, ops }` -> `{ id, results }` or
 * `{ id, fatal }`; `'close'` closes the database and ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './sqlite-open.js';
import { applyBatch, createWriter } from './sqlite-writes.js';

const port = parentPort!;
const db = openDatabase((workerData as { file: string }).file);
// Checkpoints are the checkpointer thread's job (`sqlite-checkpointer.ts`). This connection only
// checkpoints as a backstop, when the log has grown four times past SQLite's default because that
// thread is stopped or a continuous load never lets its checkpoint finish; the log file is then cut
// back to 64 MiB.
db.pragma('wal_autocheckpoint = 4000');
db.pragma('journal_size_limit = 67108864');
const apply = createWriter(db);
port.postMessage({ ready: true });
port.on('message', (message: { id: number; ops: string[] } | 'close') => {
  if (message === 'close') {
    db.close();
    port.close();
    return;
  }
  try {
    port.postMessage({ id: message.id, results: applyBatch(db, apply, message.ops) });
  } catch (error) {
    port.postMessage({ id: message.id, fatal: error instanceof Error ? error.message : String(error) });
  }
});
