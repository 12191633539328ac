/**
 * Serves a collector on SQLite with Node's HTTP server: Brotli and gzip from `node:zlib` for the
 * tag, the delivery registry's destinations, an hourly purge of raw events past retention and of
 * visitors past the longest cookie lifetime, and the server's timeouts and per-client connection cap.
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
  close(): Promise<void>;
}

const HOUR = 3_600_000;

/** Serves a collector on SQLite at `host:port` (port 0 picks a free one). */
export async function serveCollector(options: {
  config: CollectorConfigInput;
  /** The SQLite file, or an opened storage (closed with the server). */
  dbFile: string | Storage;
  port?: number;
  host?: string;
  /** More dependencies; a function gets the opened storage (to build the dashboard on it). */
  deps?: Omit<CollectorDeps, 'storage'> | ((storage: Storage) => Omit<CollectorDeps, 'storage'>);
}): Promise<RunningCollector> {
  const storage = typeof options.dbFile === 'string' ? sqliteStorage(options.dbFile) : options.dbFile;
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
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
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
      () => resolve(s),
    );
    if (!collector.config.trustProxy) capConnections(s as Server, limits.connectionsPerClient);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    collector,
    storage,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(timer);
        server.close(() => void storage.close().then(resolve, resolve));
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
