import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createCollector } from '@tandem/collector';
import { sqliteStorage } from '@tandem/collector/node';
import type { Storage } from '@tandem/collector';
import { createShop } from './shop.js';

export interface RunningDemo {
  shopUrl: string;
  storage: Storage;
  close(): Promise<void>;
}

/** Starts the demo shop with the collector on SQLite, on loopback. */
export async function startDemo(options: { dbFile: string; port?: number }): Promise<RunningDemo> {
  const mountPath = '/app-data';
  const storage = sqliteStorage(options.dbFile);
  const collector = createCollector({ mountPath }, { storage });
  const shop = createShop(collector, mountPath);
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: shop.fetch, port: options.port ?? 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    shopUrl: `http://127.0.0.1:${port}/`,
    storage,
    close: () =>
      new Promise<void>((resolve) => server.close(() => void storage.close().then(resolve, resolve))),
  };
}
