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
