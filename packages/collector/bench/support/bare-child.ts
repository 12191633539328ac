/** The baseline for `bench:ingest`: a bare Hono app on the same Node adapter, reading the body and answering 204. */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

const app = new Hono().post('/app-data/e', async (c) => {
  await c.req.text();
  return c.body(null, 204);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
