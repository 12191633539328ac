import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';

export interface Listening {
  port: number;
  close(): Promise<void>;
}

/** Serves `app` on 127.0.0.1 at a free port, over TLS when `tls` is given. */
export function listen(app: Hono, tls?: { key: string; cert: string }): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const done = (info: AddressInfo) =>
      resolve({
        port: info.port,
        close: () =>
          new Promise<void>((ok) => {
            // Keep-alive sockets from browsers would hold close() open.
            (server as { closeAllConnections?: () => void }).closeAllConnections?.();
            server.close(() => ok());
          }),
      });
    const options = { fetch: app.fetch, hostname: '127.0.0.1', port: 0 };
    const server: ServerType = tls
      ? serve({ ...options, createServer: createHttpsServer, serverOptions: tls }, done)
      : serve(options, done);
    server.once('error', reject);
  });
}
