/**
 * The collector's own metrics: events received by kind, rejects by route and reason, storage
 * latency per operation. Event names come from shops' code and hostile clients alike, so only a
 * fixed list becomes a label; the rest count as `other`.
 */
import type { ShopEvent } from '../events/names.js';
import type { Storage } from '../storage/types.js';
import { createMetrics, type Metrics } from './registry.js';

const KNOWN_EVENTS = new Set([
  'pageView',
  'viewContent',
  'productView',
  'addToCart',
  'checkout',
  'beginCheckout',
  'addPaymentInfo',
  'purchase',
  'refund',
  'search',
  'productSearch',
  'lead',
  'signup',
]);

export interface CollectorMetrics {
  registry: Metrics;
  eventReceived(name: string): void;
  /** A shop event's name (`events/names.ts`: a fixed list, so the series stay bounded). */
  orderReceived(kind: ShopEvent, created: boolean): void;
  rejected(route: 'beacon' | 'orders' | 'refunds' | 'events' | 'metrics', reason: string): void;
  /** A request from a bot (by its User-Agent), answered but neither stored nor forwarded. */
  bot(route: 'beacon'): void;
}

export function collectorMetrics(): CollectorMetrics {
  const registry = createMetrics();
  return {
    registry,
    eventReceived(name) {
      registry.inc('tandem_events_received_total', 'Beacon events durably recorded, by event name.', {
        kind: KNOWN_EVENTS.has(name) ? name : 'other',
      });
    },
    orderReceived(kind, created) {
      registry.inc(
        'tandem_orders_received_total',
        'Confirmed orders, refunds and server-side events received.',
        {
          kind,
          result: created ? 'created' : 'duplicate',
        },
      );
    },
    rejected(route, reason) {
      registry.inc('tandem_rejects_total', 'Requests refused, by route and error code.', { route, reason });
    },
    bot(route) {
      registry.inc('tandem_bot_requests_total', 'Requests from bots, answered but not stored.', { route });
    },
  };
}

const TIMED = [
  'recordBeacon',
  'recordOrder',
  'claimDue',
  'settle',
  'getEvent',
  'getVisitor',
  'ping',
] as const;

/** Wraps a storage so each timed call lands in `tandem_storage_seconds{op}`. */
export function timedStorage(storage: Storage, metrics: Metrics): Storage {
  const timed = { ...storage } as Record<string, unknown>;
  for (const op of TIMED) {
    const original = storage[op] as (...args: unknown[]) => Promise<unknown>;
    timed[op] = async (...args: unknown[]) => {
      const start = performance.now();
      try {
        return await original.apply(storage, args);
      } finally {
        metrics.observe(
          'tandem_storage_seconds',
          'Storage call latency, including the durable commit.',
          { op },
          (performance.now() - start) / 1000,
        );
      }
    };
  }
  return timed as unknown as Storage;
}
