/**
 * Operations: `GET <mount>/health` (storage reachable, with its round-trip time) and
 * `GET <mount>/metrics` (Prometheus text; behind the server key unless configured public).
 */
import { Hono } from 'hono';
import type { CollectorConfig } from '../config.js';
import { apiError } from '../errors.js';
import { bearerMatches } from '../http/auth.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import type { Storage } from '../storage/types.js';

export function opsRoutes(
  config: CollectorConfig,
  storage: Storage,
  metrics: CollectorMetrics,
  /** True while recent writes failed (`bounded-writes.ts`): a ping alone may still fit on a full disk. */
  writesFailing: () => boolean = () => false,
) {
  const app = new Hono().get('/health', async (c) => {
    const start = performance.now();
    if (writesFailing()) return c.json({ ok: false, storage: 'writes failing' }, 503);
    try {
      await storage.ping();
      return c.json({
        ok: true,
        storage: 'ok',
        storageMs: Math.round((performance.now() - start) * 100) / 100,
      });
    } catch {
      return c.json({ ok: false, storage: 'unreachable' }, 503);
    }
  });
  if (config.metrics === 'off') return app;
  return app.get('/metrics', async (c) => {
    if (
      config.metrics === 'server-key' &&
      !(config.serverKey && (await bearerMatches(c.req.header('authorization'), config.serverKey)))
    ) {
      metrics.rejected('metrics', 'unauthorized');
      return apiError(c, 401, 'unauthorized', 'Metrics need the server key.', {
        where: 'Authorization',
        fix: 'Scrape with `Authorization: Bearer <server key>`, or set `metrics: "public"`.',
      });
    }
    const stats = await storage.outboxStats();
    c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8');
    return c.body(
      metrics.registry.render([
        {
          name: 'tandem_outbox_rows',
          help: 'Outbox rows by destination and status.',
          samples: stats.map((s) => ({
            labels: { destination: s.destination, status: s.status },
            value: s.count,
          })),
        },
      ]),
    );
  });
}
