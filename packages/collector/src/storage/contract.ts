/** The contract every Storage implementation passes; each implementation's test calls it. */
import { describe, expect, it } from 'vitest';
import type { Storage, StoredEvent } from './types.js';

export function event(overrides: Partial<StoredEvent> = {}): StoredEvent {
  return {
    id: 'evt-00000001',
    name: 'pageView',
    visitorId: 'v1',
    receivedAt: 1_700_000_000_000,
    url: 'https://shop.test/',
    props: undefined,
    pixels: undefined,
    consent: { ads: true },
    ids: undefined,
    ...overrides,
  };
}

export function storageContract(name: string, open: () => Promise<Storage>): void {
  describe(`storage contract: ${name}`, () => {
    it('stores events and reads them back, newest first', async () => {
      const s = await open();
      await s.insertEvents([event({ id: 'evt-a-000001' }), event({ id: 'evt-b-000001', name: 'addToCart' })]);
      const rows = await s.listEvents();
      expect(rows.map((r) => r.id)).toEqual(['evt-b-000001', 'evt-a-000001']);
      expect(rows[1]).toEqual(event({ id: 'evt-a-000001' }));
      await s.close();
    });

    it('ignores an event ID it already has', async () => {
      const s = await open();
      await s.insertEvents([event()]);
      await s.insertEvents([event({ name: 'changed' })]);
      expect((await s.listEvents()).map((r) => r.name)).toEqual(['pageView']);
      await s.close();
    });
  });
}
