/**
 * `pnpm demo`: the platform sandbox, the collector on SQLite delivering to it, and the shop.
 *   --port <n> / PORT   the shop's port (default 4400; 0 picks a free one)
 *   --real-hosts        pixel scripts under their real host names, for Chromium with the printed flags
 *   TANDEM_DEMO_DB      the SQLite file (default .tandem/demo.db)
 * Ctrl-C stops everything and prints one line saying so.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { listenError, portFrom } from '@tandem/collector/node';
import { startDemo, type RunningDemo } from './start.js';

/** A refusal in words, without a stack trace: exit 2. */
function refuse(message: string): never {
  console.error(`demo: ${message}`);
  process.exit(2);
}

let flags: { port?: string | undefined; 'real-hosts'?: boolean | undefined } = {};
try {
  const options = { port: { type: 'string' }, 'real-hosts': { type: 'boolean' } } as const;
  flags = parseArgs({ args: process.argv.slice(2), options, strict: true }).values;
} catch (error) {
  refuse(`${(error as Error).message}. Fix: the demo takes --port <n> and --real-hosts.`);
}
const real = flags['real-hosts'] === true;
let port = 4400;
try {
  port = portFrom(flags.port, process.env.PORT, 4400);
} catch (error) {
  refuse((error as Error).message);
}
const dbFile = process.env.TANDEM_DEMO_DB ?? '.tandem/demo.db';
mkdirSync(dirname(dbFile), { recursive: true });
let demo: RunningDemo;
try {
  demo = await startDemo({ dbFile, port, pixelHosts: real ? 'real' : 'loopback' });
} catch (error) {
  const refusal = listenError(error, port, '127.0.0.1');
  if (refusal) refuse(refusal.message);
  throw error;
}
const { adroll, meta, neuroon, tiktok } = demo.sandbox;
const chromium = `chromium --user-data-dir=$(mktemp -d) --ignore-certificate-errors '${demo.chromiumArgs[0]}' '${demo.adClickUrl()}'`;
console.log(`Tandem demo running.

  Shop:              ${demo.shopUrl}
  Arrive from an ad: ${demo.adClickUrl()}
  Dashboard:         ${demo.dashboard.url}  (admin secret: ${demo.dashboard.adminSecret})
  Database:          ${dbFile}

  What each platform received and counts (JSON):
    AdRoll:  ${adroll.url}/__sandbox/ledger
    Meta:    ${meta.url}/__sandbox/ledger
    Neuroon: ${neuroon.url}/__sandbox/ledger
    TikTok:  ${tiktok.url}/__sandbox/ledger

${
  real
    ? `  The pixels load from s.adroll.com, connect.facebook.net and analytics.tiktok.com: open the shop in Chromium with
    ${chromium}`
    : `  The pixels load from the sandbox's loopback URLs. To load them from their real host names
  (so an ad blocker judges them), run \`pnpm demo --real-hosts\` and use the Chromium it prints.`
}

Ctrl-C stops it.`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  void demo.close().then(
    () => {
      console.log('Tandem demo stopped.');
      process.exit(0);
    },
    (error: unknown) => {
      console.error('demo: stopping failed:', error);
      process.exit(1);
    },
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
