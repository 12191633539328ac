/**
 * Pipelined group commit to the SQLite writer thread. Writes queue on the main thread; while one
 * batch is being committed (and fsynced) in the worker, the next one grows, and it is sent the
 * moment the first commit returns. Batch size therefore follows disk latency by itself: no timer
 * caps throughput, and the event loop never blocks on an fsync. Each caller's promise settles only
 * after the transaction holding its write has committed.
 */
import type { Worker } from 'node:worker_threads';
import { StorageUnavailableError } from '../storage/errors.js';
import { writeError, type Fault } from './sqlite-faults.js';
import type { BatchResult, WriteOp } from './sqlite-writes.js';
import { startThread } from './thread.js';

interface Job {
  text: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface WriteChannel {
  write<T>(op: WriteOp): Promise<T>;
  /** Tells the writer to simulate a fault (honoured only when opened with `faults`). */
  inject(fault: Fault): void;
  close(): Promise<void>;
  /** The writer thread, for supervision (and for tests that stop it to see writes fail). */
  readonly worker: Worker;
}

export function writeChannel(file: string, maxBatch = 1000, faults = false): WriteChannel {
  const worker = startThread('sqlite-worker', { file, faults });
  worker.unref();
  let queue: Job[] = [];
  let inFlight: Job[] | undefined;
  let scheduled = false;
  let failure: Error | undefined;
  let nextId = 1;
  let idle: (() => void) | undefined;

  const send = () => {
    scheduled = false;
    if (inFlight || queue.length === 0) return;
    inFlight = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    worker.ref();
    worker.postMessage({ id: nextId++, ops: inFlight.map((j) => j.text) });
  };

  const failAll = (error: Error) => {
    failure = error;
    for (const job of [...(inFlight ?? []), ...queue]) job.reject(error);
    inFlight = undefined;
    queue = [];
    idle?.();
  };

  worker.on(
    'message',
    (message: { ready?: true; results?: BatchResult[]; fatal?: string; code?: string }) => {
      if (message.ready) return;
      const batch = inFlight ?? [];
      inFlight = undefined;
      if (message.fatal !== undefined)
        for (const job of batch) job.reject(writeError(message.fatal, message.code));
      else
        batch.forEach((job, i) => {
          const result = message.results![i]!;
          if (result.ok) job.resolve(result.value);
          else job.reject(writeError(result.error, result.code));
        });
      if (queue.length > 0) send();
      else {
        worker.unref();
        idle?.();
      }
    },
  );
  worker.on('error', (error) => failAll(new StorageUnavailableError('writer_stopped', error.message)));
  worker.on('exit', (code) =>
    failAll(new StorageUnavailableError('writer_stopped', `SQLite writer thread exited (${code})`)),
  );

  return {
    worker,
    inject: (fault) => worker.postMessage({ fault }),
    write<T>(op: WriteOp): Promise<T> {
      if (failure) return Promise.reject(failure);
      return new Promise<T>((resolve, reject) => {
        let text: string;
        try {
          text = JSON.stringify(op);
        } catch (error) {
          return reject(error);
        }
        queue.push({ text, resolve: resolve as (value: unknown) => void, reject });
        if (!inFlight && !scheduled) {
          scheduled = true;
          // Let the rest of this event-loop turn add its writes to the same batch.
          setImmediate(send);
        }
      });
    },
    async close() {
      if (!failure) {
        while (inFlight || queue.length > 0) {
          await new Promise<void>((resolve) => {
            idle = resolve;
            if (!inFlight) send();
          });
          idle = undefined;
        }
      }
      if (failure && worker.threadId === -1) return;
      const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
      worker.ref();
      worker.postMessage('close');
      await exited;
    },
  };
}
