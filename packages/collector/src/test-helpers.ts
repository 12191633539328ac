/** Shared fixtures for the collector's route tests (not shipped: only test files import it). */
import { createCollector, type CollectorDeps } from './app.js';
import type { CollectorConfigInput } from './config.js';
import { memoryStorage } from './storage/memory.js';
import type { DestinationSettings } from './storage/types.js';

export const NOW = 1_750_000_000_000;
export const SERVER_KEY = 'test-server-key-0123456789abcdef';

/** A desktop browser's User-Agent: Node's own (`node`) is on the bot list. */
export const BROWSER =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';

export function setup(config: CollectorConfigInput = {}, deps: Partial<CollectorDeps> = {}) {
  const storage = deps.storage ?? memoryStorage();
  const app = createCollector({ serverKey: SERVER_KEY, ...config }, { now: () => NOW, ...deps, storage });
  return { app, storage };
}

export const metaOn: DestinationSettings = {
  destination: 'meta',
  enabled: true,
  mapping: { purchase: 'Purchase', refund: 'Refund' },
  options: { pixelId: '1234567890' },
  updatedAt: NOW,
};

export function beacon(overrides: Record<string, unknown> = {}) {
  return {
    v: 1,
    vid: 'vid-12345678',
    consent: { ads: true },
    events: [{ id: 'evt-12345678', name: 'pageView', ts: NOW, url: 'https://shop.test/' }],
    ...overrides,
  };
}

export function postBeacon(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  body: unknown,
  headers: Record<string, string> = {},
) {
  return app.request('/app-data/e', {
    method: 'POST',
    headers: { 'content-type': 'text/plain', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export function postOrder(
  app: { request: (path: string, init: RequestInit) => Response | Promise<Response> },
  body: unknown,
  {
    path = '/app-data/orders',
    key = SERVER_KEY,
    headers = {},
  }: { path?: string; key?: string | null; headers?: Record<string, string> } = {},
) {
  return app.request(path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key !== null && { authorization: `Bearer ${key}` }),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export const order = (overrides: Record<string, unknown> = {}) => ({
  order_id: '1001',
  value: 42.5,
  currency: 'EUR',
  products: [{ id: 'p1', quantity: 2, price: 21.25 }],
  ...overrides,
});
