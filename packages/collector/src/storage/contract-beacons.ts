/**
 * The `BeaconStore` contract: events, visitors and their merge, purging.
 */
import { describe, expect, it } from 'vitest';
import { event, runner, T0, update } from './contract-fixtures.js';
import type { BeaconStore, StoreLifecycle } from './types.js';

export function beaconContract(name: string, open: () => Promise<BeaconStore & StoreLifecycle>): void {
  const withStore = runner(open);

  describe(`storage contract, beacons and visitors: ${name}`, () => {
    it(
      'stores events and reads them back, newest first, and one by ID',
      withStore(async (s) => {
        const a = event({
          id: 'evt-a-000001',
          props: { value: 3, currency: 'EUR' },
          pixels: { meta: 'blocked' },
        });
        const b = event({ id: 'evt-b-000001', name: 'addToCart', ids: { gclid: 'G1' } });
        await s.recordBeacon(update(), [a, b]);
        expect(await s.listEvents()).toEqual([b, a]);
        expect(await s.listEvents(1)).toEqual([b]);
        expect(await s.getEvent('evt-a-000001', 'v1')).toEqual(a);
        expect(await s.getEvent('missing-0001', 'v1')).toBeUndefined();
      }),
    );

    it(
      'ignores an event ID the same visitor already sent',
      withStore(async (s) => {
        await s.recordBeacon(update(), [event()]);
        await s.recordBeacon(update(), [event({ name: 'changed' })]);
        expect(await s.listEvents()).toEqual([event()]);
      }),
    );

    it(
      "keeps each visitor's beacon for one event ID: a stranger's, sent first, hides nothing",
      withStore(async (s) => {
        const forged = event({ id: 'o_forged', name: 'purchase', visitorId: 'stranger', pixels: {} });
        const own = event({ id: 'o_forged', name: 'purchase', pixels: { adroll: 'loaded' } });
        await s.recordBeacon(update({ id: 'stranger' }), [forged]);
        await s.recordBeacon(update(), [own]);
        await s.recordBeacon(update({ id: 'stranger' }), [{ ...forged, pixels: { adroll: 'blocked' } }]);
        expect(await s.getEvent('o_forged', 'v1')).toEqual(own);
        expect(await s.getEvent('o_forged', 'stranger')).toEqual(forged);
        expect(await s.getEvent('o_forged', 'nobody')).toBeUndefined();
        expect(await s.listEvents()).toEqual([own, forged]);
      }),
    );

    it(
      'creates a visitor from its first beacon',
      withStore(async (s) => {
        await s.recordBeacon(
          update({
            ids: { gclid: 'G1', fbp: 'fb.1.1.2' },
            search: { p1: 's1' },
            user: { em: 'b'.repeat(64) },
          }),
          [],
        );
        expect(await s.getVisitor('v1')).toEqual({
          id: 'v1',
          firstSeen: T0,
          lastSeen: T0,
          clickIds: {
            gclid: { value: 'G1', firstSeen: T0, lastSeen: T0 },
            fbp: { value: 'fb.1.1.2', firstSeen: T0, lastSeen: T0 },
          },
          search: { p1: 's1' },
          consent: { ads: true },
          user: { em: 'b'.repeat(64) },
        });
        expect(await s.getVisitor('nobody')).toBeUndefined();
      }),
    );

    it(
      'merges click IDs with first and last seen; a new value is a new click; a late beacon loses',
      withStore(async (s) => {
        await s.recordBeacon(update({ ids: { adct: 'A1', gclid: 'G1' }, search: { p1: 's1' } }), []);
        await s.recordBeacon(
          update({
            seenAt: T0 + 10,
            ids: { adct: 'A1', gclid: 'G2' },
            search: { p2: 's2' },
            consent: { ads: false },
          }),
          [],
        );
        // Arrives last but was seen earlier (a retried batch): fills gaps, overwrites nothing.
        await s.recordBeacon(
          update({ seenAt: T0 + 5, ids: { gclid: 'G0', msclkid: 'M1' }, search: { p1: 'old', p3: 's3' } }),
          [],
        );
        expect(await s.getVisitor('v1')).toEqual({
          id: 'v1',
          firstSeen: T0,
          lastSeen: T0 + 10,
          clickIds: {
            adct: { value: 'A1', firstSeen: T0, lastSeen: T0 + 10 },
            gclid: { value: 'G2', firstSeen: T0 + 10, lastSeen: T0 + 10 },
            msclkid: { value: 'M1', firstSeen: T0 + 5, lastSeen: T0 + 5 },
          },
          search: { p2: 's2', p1: 's1', p3: 's3' },
          consent: { ads: false },
          user: {},
        });
        expect(Object.keys((await s.getVisitor('v1'))!.search)).toEqual(['p2', 'p1', 'p3']);
      }),
    );

    it(
      'purges events received before a time and keeps the rest',
      withStore(async (s) => {
        await s.recordBeacon(update(), [
          event({ id: 'evt-old-0001', receivedAt: T0 }),
          event({ id: 'evt-new-0001', receivedAt: T0 + 1000 }),
        ]);
        expect(await s.purgeEvents(T0 + 1000)).toBe(1);
        expect((await s.listEvents()).map((e) => e.id)).toEqual(['evt-new-0001']);
        expect(await s.purgeEvents(T0 + 1000)).toBe(0);
      }),
    );

    it(
      'purges visitors last seen before a time unless an event refers to them',
      withStore(async (s) => {
        await s.recordBeacon(update({ id: 'v-old', seenAt: T0 }), []);
        await s.recordBeacon(update({ id: 'v-old-evt', seenAt: T0 }), [
          event({ id: 'evt-kept-0001', visitorId: 'v-old-evt' }),
        ]);
        await s.recordBeacon(update({ id: 'v-new', seenAt: T0 + 1000 }), []);
        expect(await s.purgeVisitors(T0 + 1000)).toBe(1);
        expect(await s.getVisitor('v-old')).toBeUndefined();
        expect((await s.getVisitor('v-old-evt'))?.id).toBe('v-old-evt');
        expect((await s.getVisitor('v-new'))?.id).toBe('v-new');
      }),
    );
  });
}
