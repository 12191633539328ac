/**
 * The demo storefront: pages with Tandem's snippet pasted into `<head>` exactly as a shop would,
 * and the collector mounted as a Hono sub-app on the same origin (first-party).
 */
import { Hono } from 'hono';

export function snippet(mountPath: string): string {
  return (
    `<script>window.tandem=window.tandem||function(){(tandem.q=tandem.q||[]).push(arguments)}</script>\n` +
    `<script async src="${mountPath}/tag.js"></script>`
  );
}

function page(title: string, mountPath: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Tandem demo shop</title>
${snippet(mountPath)}
</head><body><h1>${title}</h1>${body}</body></html>`;
}

export function createShop(collector: Hono, mountPath: string): Hono {
  return new Hono()
    .route('/', collector)
    .get('/', (c) =>
      c.html(page('Tandem demo shop', mountPath, '<p>Welcome. This page sends a pageView.</p>')),
    );
}
