/**
 * The security suite's target: the collector served by `serveCollector` over real HTTP on
 * 127.0.0.1 (port 0), on SQLite in a temporary directory that `close` removes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CollectorConfigInput } from '../config.js';
import { serveCollector, type RunningCollector } from '../node/server.js';
import { sqliteStorage, type SqliteOptions } from '../node/sqlite-storage.js';
import { BROWSER, SERVER_KEY } from '../test-helpers.js';

export { BROWSER, SERVER_KEY };

export interface Served extends RunningCollector {
  dir: string;
  dbFile: string;
}

export async function served(config: CollectorConfigInput = {}, sqlite: SqliteOptions = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-security-'));
  const dbFile = join(dir, 'tandem.db');
  const running = await serveCollector({
    config: { serverKey: SERVER_KEY, ...config },
    dbFile: sqliteStorage(dbFile, sqlite),
  });
  return {
    ...running,
    dir,
    dbFile,
    close: async () => {
      await running.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A one-event beacon batch as the tag sends it. */
export function beaconBody(overrides: Record<string, unknown> = {}, eventId = `evt-${crypto.randomUUID()}`) {
  return {
    v: 1,
    consent: { ads: true },
    events: [{ id: eventId, name: 'pageView', ts: Date.now(), url: 'https://shop.test/' }],
    ...overrides,
  };
}

export function postBeacon(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/app-data/e`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER, ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
}

export function postOrder(url: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${url}/app-data/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVER_KEY}`, ...headers },
    body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body),
  });
}

export const order = (overrides: Record<string, unknown> = {}) => ({
  order_id: `o-${crypto.randomUUID()}`,
  value: 42.5,
  currency: 'EUR',
  products: [{ id: 'p1', quantity: 2, price: 21.25 }],
  ...overrides,
});
