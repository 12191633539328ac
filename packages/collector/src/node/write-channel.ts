/**
 * Pipelined group commit to the SQLite writer thread. Writes queue on the main thread; while one
 * batch is being committed (and fsynced) in the worker, the next one grows, and it is sent the
 * moment the first commit returns. Batch size therefore follows disk latency by itself: no timer
 * caps throughput, and the event loop never blocks on an fsync. Each caller's promise settles only
 * after the transaction holding its write has committed.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { buildSync } from 'esbuild';
import type { BatchResult, WriteOp } from './sqlite-writes.js';

interface Job {
  text: string;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface WriteChannel {
  write<T>(op: WriteOp): Promise<T>;
  close(): Promise<void>;
  /** The writer thread, for supervision (and for tests that stop it to see writes fail). */
  readonly worker: Worker;
}

let bundled: string | undefined;

/**
 * Starts the writer thread. From built JavaScript it is a plain file; from TypeScript sources
 * (tsx, vitest) the worker is bundled once per process with esbuild and run from memory, which
 * starts in ~0.1 s where registering a TypeScript loader inside each thread takes ~0.7 s.
 */
function startWorker(file: string): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts'))
    return new Worker(new URL('./sqlite-worker.js', import.meta.url), { workerData: { file } });
  bundled ??= buildSync({
    entryPoints: [join(dirname(here), 'sqlite-worker.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3'],
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]!.text;
  // An eval'd worker resolves `require` from the working directory: point it at this package.
  const code = `const { createRequire } = require('node:module');\nrequire = createRequire(${JSON.stringify(here)});\n${bundled}`;
  return new Worker(code, { eval: true, workerData: { file } });
}

export function writeChannel(file: string, maxBatch = 1000): WriteChannel {
  const worker = startWorker(file);
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

  worker.on('message', (message: { ready?: true; results?: BatchResult[]; fatal?: string }) => {
    if (message.ready) return;
    const batch = inFlight ?? [];
    inFlight = undefined;
    if (message.fatal !== undefined) for (const job of batch) job.reject(new Error(message.fatal));
    else
      batch.forEach((job, i) => {
        const result = message.results![i]!;
        if (result.ok) job.resolve(result.value);
        else job.reject(new Error(result.error));
      });
    if (queue.length > 0) send();
    else {
      worker.unref();
      idle?.();
    }
  });
  worker.on('error', (error) => failAll(error));
  worker.on('exit', (code) => failAll(new Error(`SQLite writer thread exited (${code})`)));

  return {
    worker,
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
