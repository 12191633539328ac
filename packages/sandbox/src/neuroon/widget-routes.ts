import { Hono } from 'hono';
import { z } from 'zod';
import type { PlatformState } from '../endpoint.js';
import { corsHeaders, pixelReport } from '../pixel-report.js';
import type { NeuroonCredentials } from './server.js';
import { WIDGET_JS } from './widget.js';

export const CatalogItem = z.object({
  productId: z.string().min(1),
  name: z.string().min(1),
  price: z.number().min(0),
  /** The product page, absolute or relative to the shop. */
  url: z.string().min(1),
  category: z.string().optional(),
  description: z.string().optional(),
});
export type CatalogItem = z.infer<typeof CatalogItem>;

const randomId = (): string => `sl_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;

/** Every word of the query in the name, category or description, case-insensitive; at most 10. */
export function search(catalog: CatalogItem[], q: string): CatalogItem[] {
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return [];
  return catalog
    .filter((p) => {
      const text = `${p.name} ${p.category ?? ''} ${p.description ?? ''}`.toLowerCase();
      return words.every((w) => text.includes(w));
    })
    .slice(0, 10);
}

/**
 * The widget script, its search API (`GET /api/plugin/shops/<shopId>/search?q=`, each answer with
 * a fresh `searchLogId`) and its click reports. Searches and clicks are `pixel` receipts; only
 * conversions count.
 */
export function widgetRoutes(state: PlatformState, creds: NeuroonCredentials, catalog: CatalogItem[]): Hono {
  const app = new Hono();
  app.get('/widget.js', (c) =>
    c.body(WIDGET_JS, 200, {
      'content-type': 'application/javascript; charset=utf-8',
      'cache-control': 'no-store',
    }),
  );
  app.get('/api/plugin/shops/:shopId/search', (c) => {
    if (c.req.param('shopId') !== creds.shopId)
      return c.json({ message: 'Shop not found' }, 404, corsHeaders);
    const q = (c.req.query('q') ?? '').slice(0, 200);
    const results = search(catalog, q);
    const searchLogId = randomId();
    state.ledger.receive({
      path: 'pixel',
      endpoint: 'search',
      status: 200,
      query: { q },
      payload: { searchLogId, results: results.map((r) => r.productId) },
      time: state.now(),
    });
    return c.json({ searchLogId, query: q, results }, 200, corsHeaders);
  });
  app.options('/api/plugin/shops/:shopId/track/click', (c) => c.body(null, 204, corsHeaders));
  app.post('/api/plugin/shops/:shopId/track/click', (c) => pixelReport(c, state, () => {}));
  return app;
}
