/** `pnpm demo`: the demo shop, the collector on SQLite, and what to open. Ctrl-C stops it. */
import { mkdirSync } from 'node:fs';
import { startDemo } from './start.js';

mkdirSync('.tandem', { recursive: true });
const demo = await startDemo({ dbFile: '.tandem/demo.db', port: Number(process.env.PORT ?? 4400) });
console.log(
  `Tandem demo running.\n  Shop:      ${demo.shopUrl}\n  Database:  .tandem/demo.db\nCtrl-C stops it.`,
);
const stop = () => void demo.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
