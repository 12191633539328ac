/**
 * `pnpm demo`: the platform sandbox, the collector on SQLite delivering to it, and the shop.
 * `--real-hosts`: pixel scripts under their real host names, for Chromium with the printed flags.
 * Ctrl-C stops everything.
 */
import { mkdirSync } from 'node:fs';
import { startDemo } from './start.js';

const real = process.argv.includes('--real-hosts');
mkdirSync('.tandem', { recursive: true });
const demo = await startDemo({
  dbFile: '.tandem/demo.db',
  port: Number(process.env.PORT ?? 4400),
  pixelHosts: real ? 'real' : 'loopback',
});
const { adroll, meta, neuroon } = demo.sandbox;
const chromium = `chromium --user-data-dir=$(mktemp -d) --ignore-certificate-errors '${demo.chromiumArgs[0]}' '${demo.adClickUrl()}'`;
console.log(`Tandem demo running.

  Shop:              ${demo.shopUrl}
  Arrive from an ad: ${demo.adClickUrl()}
  Dashboard:         ${demo.dashboard.url}  (admin secret: ${demo.dashboard.adminSecret})
  Database:          .tandem/demo.db

  What each platform received and counts (JSON):
    AdRoll:  ${adroll.url}/__sandbox/ledger
    Meta:    ${meta.url}/__sandbox/ledger
    Neuroon: ${neuroon.url}/__sandbox/ledger

${
  real
    ? `  The pixels load from s.adroll.com and connect.facebook.net: open the shop in Chromium with
    ${chromium}`
    : `  The pixels load from the sandbox's loopback URLs. To load them from their real host names
  (so an ad blocker judges them), run \`pnpm demo --real-hosts\` and use the Chromium it prints.`
}

Ctrl-C stops it.`);

let stopping = false;
const stop = () => {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping…');
  void demo.close().then(
    () => process.exit(0),
    () => process.exit(1),
  );
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
