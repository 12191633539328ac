/**
 * What the contract suites share: sample rows and a runner that opens a fresh store per test and
 * closes it after.
 */
import type { NewOutboxRow, StoreLifecycle, StoredEvent, StoredOrder, VisitorUpdate } from './types.js';

export const T0 = 1_700_000_000_000;

export function event(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: 'evt-00000001',
    name: 'pageView',
    visitorId: 'v1',
    receivedAt: T0,
    url: 'https://shop.test/',
    props: undefined,
    pixels: undefined,
    consent: { ads: true },
    ids: undefined,
    ...overrides,
  };
}

export function order(overrides: Partial<StoredOrder> = {}): StoredOrder {
  return {
    orderId: '1001',
    kind: 'purchase',
    eventId: 'o_1001',
    value: 42.5,
    currency: 'EUR',
    lines: [{ productId: 'p1', quantity: 2, price: 21.25 }],
    user: { em: 'a'.repeat(64) },
    consent: { ads: true },
    source: 'server',
    confirmedAt: T0,
    ...overrides,
  };
}

export function pending(destination: string, eventId = 'o_1001', nextAttemptAt = T0): NewOutboxRow {
  return { destination, eventId, payload: { eventId, destination }, status: 'pending', nextAttemptAt };
}

export const update = (overrides: Partial<VisitorUpdate> = {}): VisitorUpdate => ({
  id: 'v1',
  seenAt: T0,
  consent: { ads: true },
  ...overrides,
});

/** Opens a fresh, empty store for each test and closes it afterwards. */
export function runner<S extends StoreLifecycle>(open: () => Promise<S>) {
  return (fn: (s: S) => Promise<void>) => async () => {
    const s = await open();
    try {
      await fn(s);
    } finally {
      await s.close();
    }
  };
}
