import { serve } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { createCollector } from '../app.js';
import type { CollectorConfigInput } from '../config.js';
import { sqliteStorage } from './sqlite-storage.js';

export interface RunningCollector {
  url: string;
  close(): Promise<void>;
}

/** Serves a collector on SQLite at `host:port` (port 0 picks a free one). */
export async function serveCollector(options: {
  config: CollectorConfigInput;
  dbFile: string;
  port?: number;
  host?: string;
}): Promise<RunningCollector> {
  const storage = sqliteStorage(options.dbFile);
  const app = createCollector(options.config, { storage });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 0, hostname: host }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    close: () =>
      new Promise<void>((resolve) =>
        server.close(() =>
          storage.close().then(
            () => resolve(),
            () => resolve(),
          ),
        ),
      ),
  };
}
