import type { Storage, StoredEvent } from './types.js';

/** In-memory storage for unit tests: same contract, no durability. */
export function memoryStorage(): Storage {
  const events = new Map<string, StoredEvent>();
  return {
    async insertEvents(rows) {
      for (const row of rows) if (!events.has(row.id)) events.set(row.id, structuredClone(row));
    },
    async listEvents(limit = 100) {
      return [...events.values()].slice(-limit).reverse();
    },
    async ping() {},
    async close() {},
  };
}
