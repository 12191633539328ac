/**
 * `createCollector(config, deps)`: the runtime-neutral collector. Everything that touches the
 * outside world (storage, clock, compression, the delivery engine's wake-up) comes in through
 * `deps`; this file reads no environment and opens no file or port.
 *
 * @example
 * const collector = createCollector({ serverKey }, { storage: memoryStorage() });
 * shop.route('/', collector); // serves /app-data/tag.js, /app-data/e, /app-data/orders, ...
 */
import { Hono } from 'hono';
import { parseConfig, type CollectorConfig, type CollectorConfigInput } from './config.js';
import { destinationNames } from './destinations/registry.js';
import { apiError, retryLater } from './errors.js';
import { describeError } from './log-error.js';
import { throttledLog } from './log-throttle.js';
import { boundedWrites } from './storage/bounded-writes.js';
import { StorageUnavailableError } from './storage/errors.js';
import type { ClientAddress } from './http/client-key.js';
import { readRequestBody, type BodyReader } from './http/read-body.js';
import { collectorMetrics, timedStorage, type CollectorMetrics } from './metrics/collector-metrics.js';
import { TandemRequestError } from './orders/errors.js';
import { recordConfirmedOrder, type OrderContext } from './orders/record.js';
import { OrderInput, type OrderKind, type OrderReceipt } from './orders/schema.js';
import { recordServerEvent } from './events/record.js';
import { EventInput, type EventReceipt } from './events/schema.js';
import { beaconRoute } from './routes/beacon.js';
import { beaconGuard } from './routes/beacon-guard.js';
import { opsRoutes } from './routes/ops.js';
import { ordersRoute } from './routes/orders.js';
import { tagRoute, type Compress } from './routes/tag.js';
import { currentPixelMap } from './routes/pixel-map.js';
import type { Storage } from './storage/types.js';

export interface CollectorDeps {
  storage: Storage;
  now?: () => number;
  /**
   * Names of the destinations Tandem knows (the delivery registry's keys). Every order gets one
   * outbox row per name: pending, or skipped with the reason. Default: the whole registry.
   */
  destinations?: readonly string[] | (() => readonly string[]);
  /** Called after an order's pending outbox rows are durably written: wakes the delivery engine. */
  onOrderRecorded?: () => void;
  /** Native compression (the Node adapter adds Brotli); default gzip through Web Streams. */
  compress?: Compress;
  /** Reads request bodies with a byte limit; the Node adapter reads the socket directly. */
  readBody?: BodyReader;
  /** The dashboard, mounted at `<mount>/admin` when given. */
  admin?: Hono;
  /** The client's socket address (the Node adapter's `nodeClientAddress`): beacons keep it as late
   * context, and limits count per address. */
  clientAddress?: ClientAddress;
}

export interface Collector extends Hono {
  readonly config: CollectorConfig;
  readonly metrics: CollectorMetrics;
  /**
   * Records a confirmed order in-process (what the Node SDK calls); validates like the route, and
   * throws what the route answers with 409 (or a 400 found after the schema) as a
   * `TandemRequestError`, as the HTTP client does.
   */
  recordOrder(kind: OrderKind, order: OrderInput): Promise<OrderReceipt>;
  /** Records a server-side event (`lead`, `sign_up`, ...) in-process, as `POST /events` does. */
  recordEvent(event: EventInput): Promise<EventReceipt>;
  /**
   * Deletes raw beacon events and delivery attempts older than `retentionDays`, and forgets the
   * full IP of beacons older than a day (the longest grace period a conversion waits for it);
   * returns how many events were deleted.
   */
  purgeRawEvents(): Promise<number>;
  /**
   * Deletes visitors unseen for longer than the longest cookie lifetime that no event or order
   * refers to (their cookies have expired); returns how many.
   */
  purgeVisitors(): Promise<number>;
}

/** Days the longest-lived identity cookie lasts: past it, no browser still carries a visitor's ID. */
export function longestCookieDays(config: CollectorConfig): number {
  return Math.max(config.visitorCookieDays, config.cookieDays, ...Object.values(config.cookieLifetimes));
}

export function createCollector(configInput: CollectorConfigInput, deps: CollectorDeps): Collector {
  const config = parseConfig(configInput);
  const now = deps.now ?? Date.now;
  const metrics = collectorMetrics();
  const writes = boundedWrites(
    timedStorage(deps.storage, metrics.registry),
    config.limits.writeTimeoutMs,
    now,
  );
  const storage = writes.storage;
  const log = throttledLog(10_000);
  const destinations = deps.destinations ?? destinationNames();
  const ctx: OrderContext = {
    config,
    storage,
    now,
    readBody: deps.readBody ?? readRequestBody,
    destinations: typeof destinations === 'function' ? destinations : () => destinations,
    ...(deps.onOrderRecorded && { onOrderRecorded: deps.onOrderRecorded }),
    ...(deps.clientAddress && { clientAddress: deps.clientAddress }),
  };
  const routes = new Hono()
    .route('/', tagRoute(config, deps.compress, currentPixelMap(config, storage, now)))
    .route('/', beaconRoute(ctx, metrics, beaconGuard(config, storage, metrics, now, deps.clientAddress)))
    .route('/', ordersRoute(ctx, metrics))
    .route('/', opsRoutes(config, storage, metrics, writes.failing));
  if (deps.admin) routes.route('/admin', deps.admin);

  const app = new Hono();
  app.route(config.mountPath, routes);
  app.notFound((c) =>
    apiError(c, 404, 'not_found', 'No such Tandem route.', { where: new URL(c.req.url).pathname }),
  );
  // Client errors are answered where they are found; whatever reaches here is the collector's fault.
  app.onError((error, c) => {
    if (error instanceof StorageUnavailableError) {
      log(error.kind, `tandem: storage unavailable (${error.kind}): ${error.message}`);
      return retryLater(
        c,
        503,
        error.retryAfterSeconds,
        'storage_unavailable',
        'The collector cannot store this now; nothing was acknowledged.',
        {
          fix: 'Retry after the Retry-After seconds. Operators: check the disk (space, errors) and /health.',
        },
      );
    }
    log(
      'internal',
      `tandem: internal error on ${c.req.method} ${c.req.path}: ${describeError(error, [config.serverKey])}`,
    );
    return apiError(c, 500, 'internal_error', 'The collector failed; nothing was acknowledged.', {
      fix: 'Retry later; the collector logs the error.',
    });
  });

  return Object.assign(app, {
    config,
    metrics,
    async recordOrder(kind: OrderKind, order: OrderInput) {
      const receipt = await recordConfirmedOrder(ctx, kind, OrderInput.parse(order));
      if ('rejected' in receipt) {
        const { status, ...detail } = receipt.rejected;
        throw new TandemRequestError(status, detail);
      }
      metrics.orderReceived(kind, receipt.created);
      return receipt;
    },
    async recordEvent(event: EventInput) {
      const receipt = await recordServerEvent(ctx, EventInput.parse(event));
      if ('rejected' in receipt) {
        const { status, ...detail } = receipt.rejected;
        throw new TandemRequestError(status, detail);
      }
      metrics.orderReceived(receipt.event, receipt.created);
      return receipt;
    },
    async purgeRawEvents() {
      await storage.forgetBeaconIps(now() - 86_400_000);
      const before = now() - config.retentionDays * 86_400_000;
      await storage.purgeAttempts(before);
      return storage.purgeEvents(before);
    },
    purgeVisitors: () => storage.purgeVisitors(now() - longestCookieDays(config) * 86_400_000),
  });
}
