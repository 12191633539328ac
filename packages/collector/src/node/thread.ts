/**
 * Starts one of the collector's worker threads (the SQLite writer, the WAL checkpointer). From
 * built JavaScript the entry is a plain file next to this one; from TypeScript sources (tsx,
 * vitest) it is bundled once per process with esbuild and run from memory, which starts in ~0.1 s
 * where registering a TypeScript loader inside each thread takes ~0.7 s. esbuild is a development
 * dependency, loaded only then: the built package does not need it.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type * as esbuild from 'esbuild';

const bundled = new Map<string, string>();

/** `entry` is the thread's file name without extension, in this directory. */
export function startThread(entry: string, workerData: unknown): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(new URL(`./${entry}.js`, import.meta.url), { workerData });
  let code = bundled.get(entry);
  if (code === undefined) {
    const { buildSync } = createRequire(import.meta.url)('esbuild') as typeof esbuild;
    code = buildSync({
      entryPoints: [join(dirname(here), `${entry}.ts`)],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['better-sqlite3'],
      write: false,
      logLevel: 'silent',
    }).outputFiles[0]!.text;
    bundled.set(entry, code);
  }
  // An eval'd worker resolves `require` from the working directory: point it at this package.
  const prelude = `const { createRequire } = require('node:module');\nrequire = createRequire(${JSON.stringify(here)});\n`;
  return new Worker(prelude + code, { eval: true, workerData });
}
