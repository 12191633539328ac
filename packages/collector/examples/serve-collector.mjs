import { serveCollector } from '@tandem/collector/node';

const running = await serveCollector({
  config: { mountPath: '/app-data', serverKey: process.env.TANDEM_SERVER_KEY },
  dbFile: process.env.TANDEM_DB ?? 'tandem.db',
  port: Number(process.env.PORT ?? 8787),
});
console.log(`collector at ${running.url}/app-data`);
process.once('SIGTERM', () => void running.close());
