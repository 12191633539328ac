/**
 * The baselines for `bench:ingest`: a bare Hono app on the same Node adapter answering 204. By
 * default it reads the body the standard Hono way (`c.req.text()`), as any beacon endpoint must;
 * with `--ignore-body` it answers without reading it (Node discards the body): the HTTP stack's floor.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import type { AddressInfo } from 'node:net';

const readBody = !process.argv.includes('--ignore-body');
const app = new Hono().post('/app-data/e', async (c) => {
  if (readBody) await c.req.text();
  return c.body(null, 204);
});
const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${port}` })}\n`);
});
