/**
 * Shared by `bench:delivery` and the delivery crash test: a SQLite outbox with the
 * destinations pointed at the loopback sandbox, and orders recorded the way the order route does.
 */
import { purchaseEventId } from '@tandem/protocol';
import { planOutbox } from '../src/delivery/plan.js';
import type { TokenBox } from '../src/delivery/secrets.js';
import { saveDestinationSettings } from '../src/delivery/settings.js';
import { destinationNames } from '../src/destinations/registry.js';
import { sandboxConnections, type SandboxPlatforms } from '../src/sandbox-settings.js';
import type { Storage, StoredOrder, Visitor } from '../src/storage/types.js';

/**
 * Every order eligible everywhere: AdRoll always-send without attribution, a search line for
 * Neuroon, a hashed email for Google Ads' enhanced conversions.
 */
export async function configureDestinations(
  storage: Storage,
  box: TokenBox,
  sandbox: SandboxPlatforms,
  limits: { perMinute: number; concurrency: number },
  /** Also TikTok, Google Ads and GA4 (the crash test); the bench and the multi-instance test keep the three. */
  withGoogle = false,
) {
  const to = sandboxConnections(sandbox);
  const save = (name: keyof typeof to, extra: Record<string, unknown> = {}) =>
    saveDestinationSettings(
      storage,
      box,
      name,
      { enabled: true, token: to[name].token, options: { ...to[name].options, ...extra, ...limits } },
      Date.now(),
    );
  await save('adroll', { dedup: 'always', attributionAware: false });
  await save('meta');
  await save('neuroon');
  if (!withGoogle) return;
  await save('tiktok');
  await save('google-ads');
  await save('ga4');
}

export function benchOrder(orderId: string, now: number): StoredOrder {
  return {
    orderId,
    kind: 'purchase',
    eventId: purchaseEventId(orderId),
    value: 42.5,
    currency: 'EUR',
    lines: [
      { productId: 'p1', quantity: 1, price: 30 },
      { productId: 'p2', quantity: 2, price: 6.25 },
    ],
    user: { em: '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f' },
    ip: '203.0.113.0',
    userAgent: 'Mozilla/5.0 (bench)',
    pageUrl: 'https://shop.test/thanks',
    visitorId: `v-${orderId}`,
    consent: { ads: true },
    source: 'server',
    confirmedAt: now,
  };
}

/** Records orders and their outbox rows as the order route does, `parallel` at a time (group commit). */
export async function recordOrders(storage: Storage, orderIds: string[], parallel = 200): Promise<void> {
  const settings = await storage.listSettings();
  const destinations = destinationNames();
  for (let i = 0; i < orderIds.length; i += parallel) {
    await Promise.all(
      orderIds.slice(i, i + parallel).map((id) => {
        const now = Date.now();
        const order = benchOrder(id, now);
        const visitor: Visitor = {
          id: order.visitorId ?? id,
          firstSeen: now,
          lastSeen: now,
          clickIds: { adct: { value: `adct-${id}`, firstSeen: now, lastSeen: now } },
          search: { p1: `sl-${id}` },
          consent: { ads: true },
          user: {},
        };
        // The order route passes the client's full IP apart; the stored order keeps the truncated one.
        const rows = planOutbox({
          order,
          visitor,
          beacon: undefined,
          settings,
          destinations,
          now,
          clientIp: '203.0.113.7',
        });
        return storage.recordOrder(order, rows);
      }),
    );
  }
}
