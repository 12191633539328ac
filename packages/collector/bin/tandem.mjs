#!/usr/bin/env node
// The CLI runs the built JavaScript in dist/ (`pnpm build` in a clone of the repository).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/node/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error(
    'tandem: the collector is not built. Fix: run `npx --yes pnpm@10 build` at the repository root.',
  );
  process.exit(2);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2), process.env);
