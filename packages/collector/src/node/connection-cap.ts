/**
 * At most `perClient` open connections per client address (IPv6: per /64): one more is closed as
 * soon as it is accepted, before a byte of it is read, so one client cannot hold the server's
 * sockets with slow requests. Behind the shop's proxy every connection comes from the proxy, so
 * the cap is left to the proxy there (`trustProxy`).
 */
import type { Server } from 'node:net';
import { addressKey } from '../http/client-key.js';

export function capConnections(server: Server, perClient: number): void {
  const open = new Map<string, number>();
  server.on('connection', (socket) => {
    const key = addressKey(socket.remoteAddress ?? 'unknown');
    const count = (open.get(key) ?? 0) + 1;
    if (count > perClient) {
      socket.destroy();
      return;
    }
    open.set(key, count);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}
