/**
 * `createCollector(config, deps)`: the runtime-neutral collector. Everything that touches the
 * outside world (storage, clock) comes in through `deps`; this file reads no environment and
 * opens no file or port.
 */
import { Hono } from 'hono';
import { parseConfig, type CollectorConfigInput } from './config.js';
import { beaconRoute } from './routes/beacon.js';
import { tagRoute } from './routes/tag.js';
import type { Storage } from './storage/types.js';

export interface CollectorDeps {
  storage: Storage;
  now?: () => number;
  /**
   * Names of the destinations Tandem knows (the delivery registry's keys). Every order gets one
   * outbox row per name: pending, or skipped with the reason.
   */
  destinations?: readonly string[];
  /** Called after an order's outbox rows are durably written: wakes the delivery engine. */
  onOrderRecorded?: () => void;
}

export function createCollector(configInput: CollectorConfigInput, deps: CollectorDeps): Hono {
  const config = parseConfig(configInput);
  const now = deps.now ?? Date.now;
  const routes = new Hono()
    .route('/', tagRoute(config))
    .route('/', beaconRoute(deps.storage, now))
    .get('/health', async (c) => {
      await deps.storage.ping();
      return c.json({ ok: true });
    });
  return new Hono().route(config.mountPath, routes);
}
