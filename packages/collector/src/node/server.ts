/**
 * Serves a collector on SQLite or Postgres with Node's HTTP server: Brotli and gzip from `node:zlib`
 * for the tag, the delivery registry's destinations, an hourly purge of raw events past retention
 * and of visitors past the longest cookie lifetime, and the server's timeouts and per-client
 * connection cap.
 */
import { serve } from '@hono/node-server';
import type { Context } from 'hono';
import type { AddressInfo, Server } from 'node:net';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { createCollector, type Collector, type CollectorDeps } from '../app.js';
import type { CollectorConfigInput } from '../config.js';
import type { Compress } from '../routes/tag.js';
import type { Storage } from '../storage/types.js';
import { capConnections } from './connection-cap.js';
import { nodeReadBody } from './read-incoming.js';
import { isPostgresUrl } from '../postgres/url.js';
import { openStorage } from './open-storage.js';
import { sqliteStorage } from './sqlite-storage.js';

const br = promisify(brotliCompress);
const gz = promisify(gzip);

export const nodeCompress: Compress = async (body, encoding) =>
  encoding === 'br'
    ? new Uint8Array(await br(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }))
    : new Uint8Array(await gz(body, { level: 9 }));

/**
 * The client's socket address under `@hono/node-server`, whose bindings carry the Node request
 * (`c.env.incoming`); undefined elsewhere. The dashboard counts failed logins per this address.
 */
export function nodeClientAddress(c: Context): string | undefined {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress;
}

export interface RunningCollector {
  url: string;
  collector: Collector;
  storage: Storage;
  /**
   * Stops the server, then closes the storage. With `drain`, requests in flight finish first (idle
   * connections close at once; busy ones get `DRAIN_MS`); otherwise every connection is cut.
   * `beforeStorage` runs after the server stopped and before the storage closes (stop delivery).
   */
  close(options?: { drain?: boolean; beforeStorage?: () => Promise<void> | void }): Promise<void>;
}

/** How long a draining close waits for requests in flight before cutting their connections. */
export const DRAIN_MS = 10_000;

const HOUR = 3_600_000;

/** Serves a collector at `host:port` (port 0 picks a free one). */
export async function serveCollector(options: {
  config: CollectorConfigInput;
  /**
   * A SQLite file, a `postgres://` / `postgresql://` URL, or an opened storage (closed with the
   * server).
   */
  dbFile: string | Storage;
  port?: number;
  host?: string;
  /** More dependencies; a function gets the opened storage (to build the dashboard on it). */
  deps?: Omit<CollectorDeps, 'storage'> | ((storage: Storage) => Omit<CollectorDeps, 'storage'>);
}): Promise<RunningCollector> {
  const storage =
    typeof options.dbFile !== 'string'
      ? options.dbFile
      : isPostgresUrl(options.dbFile)
        ? await openStorage(options.dbFile)
        : sqliteStorage(options.dbFile);
  const deps = typeof options.deps === 'function' ? options.deps(storage) : options.deps;
  const collector = createCollector(options.config, {
    compress: nodeCompress,
    readBody: nodeReadBody,
    clientAddress: nodeClientAddress,
    ...deps,
    storage,
  });
  const purge = () =>
    void collector
      .purgeRawEvents()
      .then(() => collector.purgeVisitors())
      .catch(() => {});
  purge();
  const timer = setInterval(purge, HOUR);
  timer.unref();
  const host = options.host ?? '127.0.0.1';
  const { limits } = collector.config;
  let server: ReturnType<typeof serve>;
  try {
    server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve(
        {
          fetch: collector.fetch,
          port: options.port ?? 0,
          hostname: host,
          serverOptions: {
            headersTimeout: limits.headersTimeoutMs,
            requestTimeout: limits.requestTimeoutMs,
            keepAliveTimeout: limits.keepAliveTimeoutMs,
            // Node checks the two timeouts above only this often (30 s by default).
            connectionsCheckingInterval: Math.min(1_000, limits.headersTimeoutMs),
          },
        },
        () => {
          s.off('error', reject);
          resolve(s);
        },
      );
      // A port in use or not allowed: the caller says so (the CLI names the port and the fix).
      s.once('error', reject);
      if (!collector.config.trustProxy) capConnections(s as Server, limits.connectionsPerClient);
    });
  } catch (error) {
    clearInterval(timer);
    if (typeof options.dbFile === 'string') await storage.close();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const http = server as { closeAllConnections?: () => void; closeIdleConnections?: () => void };
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    collector,
    storage,
    close: async ({ drain = false, beforeStorage } = {}) => {
      clearInterval(timer);
      await new Promise<void>((resolve) => {
        // A keep-alive connection turns idle when its request is answered: close it then.
        const idle = drain ? setInterval(() => http.closeIdleConnections?.(), 50) : undefined;
        const cut = drain ? setTimeout(() => http.closeAllConnections?.(), DRAIN_MS) : undefined;
        server.close(() => {
          clearInterval(idle);
          clearTimeout(cut);
          resolve();
        });
        if (drain) http.closeIdleConnections?.();
        else http.closeAllConnections?.();
      });
      try {
        await beforeStorage?.();
      } finally {
        await storage.close().catch(() => {});
      }
    },
  };
}
