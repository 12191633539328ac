#!/usr/bin/env node
// The CLI is TypeScript; tsx loads it without a build step. The package's own tsconfig, wherever
// the command runs from: without it the dashboard's JSX would compile for React, not hono/jsx.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/node/cli.ts');
process.exitCode = await main(process.argv.slice(2), process.env);
