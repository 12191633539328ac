/**
 * The contract for late context and the IP policy: a visitor's newest event, beacons forgetting
 * their full IP, and an event's full IP cut from every outbox row once no row of it is left
 * unsettled. Run by each implementation's test beside `storageContract`.
 */
import { describe, expect, it } from 'vitest';
import { event, order } from './contract-fixtures.js';
import type { NewOutboxRow, Storage } from './types.js';

const T0 = 1_700_000_000_000;
const FULL = '203.0.113.77';
const row = (destination: string): NewOutboxRow => ({
  destination,
  eventId: 'o_1001',
  payload: { eventId: 'o_1001', ip: FULL },
  status: 'pending',
  nextAttemptAt: T0,
});

export function contextContract(name: string, open: () => Promise<Storage>): void {
  const withStore = (fn: (s: Storage) => Promise<void>) => async () => {
    const s = await open();
    try {
      await fn(s);
    } finally {
      await s.close();
    }
  };
  const visit = { id: 'v1', seenAt: T0, consent: { ads: true } };

  describe(`storage contract, late context and client IPs: ${name}`, () => {
    it(
      "reads a visitor's newest event with its user agent and IPs, and never another visitor's",
      withStore(async (s) => {
        await s.recordBeacon(visit, [
          event({ id: 'evt-a-000001', receivedAt: T0, url: 'https://shop.test/a' }),
          event({
            id: 'evt-b-000001',
            receivedAt: T0 + 5,
            url: 'https://shop.test/b',
            userAgent: 'UA',
            ip: '203.0.113.0',
            fullIp: FULL,
          }),
        ]);
        await s.recordBeacon({ ...visit, id: 'v2' }, [
          event({ id: 'evt-c-000001', visitorId: 'v2', receivedAt: T0 + 9 }),
        ]);
        expect(await s.latestEventOf('v1')).toEqual(
          event({
            id: 'evt-b-000001',
            receivedAt: T0 + 5,
            url: 'https://shop.test/b',
            userAgent: 'UA',
            ip: '203.0.113.0',
            fullIp: FULL,
          }),
        );
        expect(await s.latestEventOf('v3')).toBeUndefined();
      }),
    );

    it(
      'forgets the full IP of beacons received before a time, keeping the truncated one',
      withStore(async (s) => {
        await s.recordBeacon(visit, [
          event({ id: 'evt-old-0001', receivedAt: T0, ip: '203.0.113.0', fullIp: FULL }),
          event({ id: 'evt-new-0001', receivedAt: T0 + 10, ip: '203.0.113.0', fullIp: FULL }),
        ]);
        expect(await s.forgetBeaconIps(T0 + 10)).toBe(1);
        expect(await s.getEvent('evt-old-0001', 'v1')).toEqual(
          event({ id: 'evt-old-0001', receivedAt: T0, ip: '203.0.113.0' }),
        );
        expect((await s.getEvent('evt-new-0001', 'v1'))?.fullIp).toBe(FULL);
        expect(await s.forgetBeaconIps(T0 + 10)).toBe(0);
      }),
    );

    it(
      "keeps an event's full IP while any row is unsettled, then cuts it everywhere",
      withStore(async (s) => {
        await s.recordBeacon(visit, [event({ id: 'o_1001', name: 'purchase', fullIp: FULL })]);
        await s.recordOrder(order(), [row('meta'), row('adroll'), row('neuroon')]);
        const ips = async () => (await s.listOutbox({})).map((r) => (r.payload as { ip?: string }).ip);
        const meta = await s.claimDue('meta', T0, 60_000, 10);
        await s.settle(meta.rows[0]!.id, meta.token, { status: 'delivered', via: 'server' }, T0);
        const adroll = await s.claimDue('adroll', T0, 60_000, 10);
        await s.markSending([adroll.rows[0]!.id], adroll.token, T0);
        await s.settle(adroll.rows[0]!.id, adroll.token, { status: 'uncertain', reason: 'no answer' }, T0);
        const neuroon = await s.claimDue('neuroon', T0, 60_000, 10);
        await s.settle(neuroon.rows[0]!.id, neuroon.token, { status: 'dead', reason: 'HTTP 400' }, T0);
        // the uncertain AdRoll row may still be replayed and sent: nothing is cut yet
        expect(await ips()).toEqual([FULL, FULL, FULL]);
        expect((await s.getEvent('o_1001', 'v1'))?.fullIp).toBe(FULL);
        expect(await s.replayUncertain(T0)).toBe(1);
        const again = await s.claimDue('adroll', T0, 60_000, 10);
        await s.settle(again.rows[0]!.id, again.token, { status: 'delivered', via: 'server' }, T0);
        expect(await ips()).toEqual(['203.0.113.0', '203.0.113.0', '203.0.113.0']);
        expect((await s.getEvent('o_1001', 'v1'))?.fullIp).toBeUndefined();
      }),
    );
  });
}
