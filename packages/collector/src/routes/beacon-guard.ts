/**
 * What the beacon route checks before it stores anything, so that one client cannot fill the disk:
 * bots (answered 204 and counted, never stored), a token bucket of events per client address, the
 * storage budget, and a token bucket of events per visitor. The limits are `config.limits` (see `limits.ts`).
 */
import type { Context } from 'hono';
import { isbot } from 'isbot';
import type { CollectorConfig } from '../config.js';
import { retryLater } from '../errors.js';
import { clientKey, type ClientAddress } from '../http/client-key.js';
import { tokenBuckets } from '../http/rate-limit.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import { storageBudget } from '../storage/budget.js';
import type { Storage } from '../storage/types.js';

/** Where `admit` leaves the client's key for `events` (a per-request context variable). */
const CLIENT = 'tandem.client';

export interface BeaconGuard {
  /** Before the body is read: an answer to give instead of storing, or undefined to go on. */
  admit(c: Context): Response | undefined;
  /**
   * Once the batch is parsed: the rest of its events from the client's bucket (`admit` took one),
   * then the visitor's per-minute cap (`visitorId` undefined: anonymous, not capped per visitor).
   */
  events(c: Context, visitorId: string | undefined, events: number): Response | undefined;
}

export function beaconGuard(
  config: CollectorConfig,
  storage: Storage,
  metrics: CollectorMetrics,
  now: () => number,
  clientAddress?: ClientAddress,
): BeaconGuard {
  const { limits } = config;
  const perClient = tokenBuckets(limits.clientEventsPerSecond, limits.clientEventBurst, now);
  const perMinute = limits.visitorEventsPerMinute;
  const perVisitor = tokenBuckets(perMinute / 60, perMinute, now);
  const budget = storageBudget(storage, limits.storageBudgetMiB * 1024 * 1024, now);
  const limited = (c: Context, wait: number, where: string, message: string) => {
    metrics.rejected('beacon', 'rate_limited');
    return retryLater(c, 429, wait, 'rate_limited', message, {
      where,
      fix: 'Send fewer beacons; retry after the Retry-After seconds (the tag does).',
    });
  };
  return {
    admit(c) {
      if (limits.dropBots && isbot(c.req.header('user-agent'))) {
        metrics.bot('beacon');
        return c.body(null, 204);
      }
      // Without the client's address (an adapter that gives none) there is no per-client limit:
      // one bucket for everyone would let one client lock out all others.
      const client = clientKey(c, config.trustProxy, clientAddress);
      c.set(CLIENT, client);
      const wait = client === undefined ? 0 : perClient.take(client);
      if (wait > 0) return limited(c, wait, 'client address', 'Too many events from this address.');
      if (budget.over()) {
        metrics.rejected('beacon', 'storage_budget');
        return retryLater(c, 503, 600, 'storage_budget', 'The collector has used its storage budget.', {
          fix: 'The operator raises limits.storageBudgetMiB or lowers retentionDays; retry later.',
        });
      }
      return undefined;
    },
    events(c, visitorId, events) {
      const client = c.get(CLIENT) as string | undefined;
      const clientWait = client === undefined || events <= 1 ? 0 : perClient.take(client, events - 1);
      if (clientWait > 0)
        return limited(c, clientWait, 'client address', 'Too many events from this address.');
      const wait = visitorId === undefined ? 0 : perVisitor.take(visitorId, events);
      return wait > 0 ? limited(c, wait, 'visitor', 'Too many events from this visitor.') : undefined;
    },
  };
}
