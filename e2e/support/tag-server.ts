/**
 * A tiny loopback shop for the tag's browser tests: pages with the snippet, the built tag and its
 * extras served with a config the test chooses, a beacon route that records what it receives (answering with a
 * status the test chooses), and an AdRoll-like pixel script.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BeaconBatch, TagConfig } from '@tandem/protocol';

const SNIPPET =
  '<script>window.tandem=window.tandem||function(){(tandem.q=tandem.q||[]).push(arguments)}</script>' +
  '<script async src="/app-data/tag.js"></script>';

export interface TagServer {
  port: number;
  /** Every batch the beacon route received, in order (also those it answered with an error). */
  batches: BeaconBatch[];
  /** The Cookie header each of those beacon requests carried ('' for none). */
  cookieHeaders: string[];
  config: TagConfig;
  /** The beacon route's answer: 204, or e.g. 503 to play a collector that is down. */
  status: number;
  /** Inline script run by the page at `/p/<name>` (after the snippet). */
  pages: Record<string, string>;
  close(): Promise<void>;
}

const read = (req: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => resolve(body));
  });

export async function startTagServer(config: TagConfig): Promise<TagServer> {
  // The served module of the built tag (run `pnpm build` first).
  const { tagTemplate, extrasTemplate } = await import('@tandem/browser-tag/served');
  const state = {
    batches: [] as BeaconBatch[],
    cookieHeaders: [] as string[],
    config,
    status: 204,
    pages: {} as Record<string, string>,
  };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (req.method == 'POST' && path == '/app-data/e') {
      const body = await read(req);
      state.batches.push(JSON.parse(body) as BeaconBatch);
      state.cookieHeaders.push(req.headers.cookie ?? '');
      res.writeHead(state.status).end();
    } else if (path == '/app-data/tag.js' || path == '/app-data/tag-extras.js') {
      res.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      const template = path.endsWith('extras.js') ? extrasTemplate! : tagTemplate!;
      res.end(template.replace('__TANDEM_CONFIG__', JSON.stringify(state.config)));
    } else if (path.endsWith('/roundtrip.js')) {
      res
        .writeHead(200, { 'content-type': 'text/javascript' })
        // counts adroll.track calls: those queued before it loaded and those after
        .end(
          'var a = window.adroll; window.__roundtrip = a.length; a.track = function () { window.__roundtrip++; };',
        );
    } else if (path.startsWith('/p/')) {
      const script = state.pages[path.slice(3)] ?? '';
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(
        `<!doctype html><html><head>${SNIPPET}</head><body><a href="/p/next">next</a><script>${script}</script></body></html>`,
      );
    } else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
