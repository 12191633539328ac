/**
 * The SQLite writer thread. It owns the only write connection and commits each batch it gets in
 * one transaction (one fsync), while the main thread keeps accepting requests and queues the next
 * batch. Protocol: `{ file }` in workerData; messages `{ id, ops }` -> `{ id, results }` or
 * `{ id, fatal }`; `'close'` closes the database and ends the thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './sqlite-open.js';
import { stall, type Fault } from './sqlite-faults.js';
import { applyBatch, codeOf, createWriter } from './sqlite-writes.js';

const port = parentPort!;
const { file, faults } = workerData as { file: string; faults?: boolean };
const db = openDatabase(file);
let fault: Fault = null;
// Checkpoints are the checkpointer thread's job (`sqlite-checkpointer.ts`). This connection only
// checkpoints as a backstop, when the log has grown four times past SQLite's default because that
// thread is stopped or a continuous load never lets its checkpoint finish; the log file is then cut
// back to 64 MiB.
db.pragma('wal_autocheckpoint = 4000');
db.pragma('journal_size_limit = 67108864');
const apply = createWriter(db);
port.postMessage({ ready: true });
port.on('message', (message: { id: number; ops: string[] } | { fault: Fault } | 'close') => {
  if (message === 'close') {
    db.close();
    port.close();
    return;
  }
  if ('fault' in message) {
    if (faults) fault = message.fault;
    return;
  }
  try {
    if (fault && 'stallMs' in fault) stall(fault.stallMs);
    if (fault && 'code' in fault) throw Object.assign(new Error('injected fault'), { code: fault.code });
    port.postMessage({ id: message.id, results: applyBatch(db, apply, message.ops) });
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    port.postMessage({ id: message.id, fatal: text, ...codeOf(error) });
  }
});
