import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { event, order, pending, storageContract } from '../storage/contract.js';
import { postgresStorage } from './storage.js';
import { testDatabase } from './database.test-helpers.js';

const url = await testDatabase();
let n = 0;
/** Each store in a schema of its own: empty, and migrated from scratch. */
const fresh = () => postgresStorage(url, { schema: `contract_${n++}`, max: 4 });

storageContract('postgres', fresh);

describe('postgres specifics', () => {
  it('keeps what it acknowledged across a reopen, and migrates once', async () => {
    const a = await postgresStorage(url, { schema: 'reopen' });
    await a.recordBeacon({ id: 'v1', seenAt: 1, consent: { ads: true } }, [event()]);
    await a.recordOrder(order(), [pending('meta')]);
    await a.close();
    const b = await postgresStorage(url, { schema: 'reopen' });
    expect(await b.listEvents()).toEqual([event()]);
    expect(await b.getOrder('purchase', '1001')).toEqual(order());
    expect((await b.listOutbox({})).map((r) => [r.destination, r.status])).toEqual([['meta', 'pending']]);
    await b.close();
    const raw = new pg.Client(url);
    await raw.connect();
    const { rows } = await raw.query('SELECT version FROM reopen.tandem_migrations ORDER BY version');
    await raw.end();
    expect(rows).toEqual([{ version: 1 }]);
  });

  it('shares the outbox between instances: concurrent claims never take one row twice', async () => {
    const [a, b, c] = await Promise.all([0, 1, 2].map(() => postgresStorage(url, { schema: 'shared' })));
    try {
      for (let i = 0; i < 60; i++)
        await a!.recordOrder(order({ orderId: `o${i}`, eventId: `e${i}` }), [pending('meta', `e${i}`)]);
      const claimed: number[] = [];
      await Promise.all(
        [a!, b!, c!].map(async (s) => {
          for (;;) {
            const lease = await s.claimDue('meta', 1_700_000_000_000, 60_000, 7);
            if (!lease.rows.length) return;
            claimed.push(...lease.rows.map((r) => r.id));
            for (const r of lease.rows)
              expect(await s.settle(r.id, lease.token, { status: 'delivered', via: 'server' }, 1)).toBe(true);
          }
        }),
      );
      expect(claimed).toHaveLength(60);
      expect(new Set(claimed).size).toBe(60);
      expect(await b!.outboxStats()).toEqual([{ destination: 'meta', status: 'delivered', count: 60 }]);
    } finally {
      await Promise.all([a!.close(), b!.close(), c!.close()]);
    }
  });

  it("lets another instance take a row once the dead holder's lease expires, and only then", async () => {
    const [a, b] = await Promise.all([0, 1].map(() => postgresStorage(url, { schema: 'expiry' })));
    try {
      await a!.recordOrder(order(), [pending('meta'), pending('adroll')]);
      const T = 1_700_000_000_000;
      const dead = await a!.claimDue('meta', T, 1000, 10);
      const sending = await a!.claimDue('adroll', T, 1000, 10);
      await a!.markSending([sending.rows[0]!.id], sending.token, T);
      // `a` dies here: nothing settles its leases.
      expect((await b!.claimDue('meta', T + 999, 1000, 10)).rows).toEqual([]);
      const taken = await b!.claimDue('meta', T + 1000, 1000, 10);
      expect(taken.rows.map((r) => r.id)).toEqual(dead.rows.map((r) => r.id));
      expect(
        await a!.settle(dead.rows[0]!.id, dead.token, { status: 'delivered', via: 'server' }, T + 1001),
      ).toBe(false);
      // The AdRoll row was being sent: never claimed again, held as uncertain by any instance.
      expect((await b!.claimDue('adroll', T + 5000, 1000, 10)).rows).toEqual([]);
      expect(await b!.holdInterrupted('adroll', T + 5000, 'interrupted')).toBe(1);
      expect((await a!.listOutbox({ destination: 'adroll' }))[0]!.status).toBe('uncertain');
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it('records one order once when two instances receive it at the same time', async () => {
    const [a, b] = await Promise.all([0, 1].map(() => postgresStorage(url, { schema: 'race' })));
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 ? a! : b!).recordOrder(order({ orderId: `o${i % 5}`, eventId: `e${i % 5}` }), [
            pending('meta', `e${i % 5}`),
          ]),
        ),
      );
      expect(results.filter((r) => r.created)).toHaveLength(5);
      expect(results.every((r) => r.outbox.length === 1)).toBe(true);
      expect(await a!.outboxStats()).toEqual([{ destination: 'meta', status: 'pending', count: 5 }]);
    } finally {
      await Promise.all([a!.close(), b!.close()]);
    }
  });

  it("merges one visitor's beacons from several instances without losing any", async () => {
    const stores = await Promise.all([0, 1, 2].map(() => postgresStorage(url, { schema: 'merge' })));
    try {
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          stores[i % 3]!.recordBeacon(
            { id: 'v1', seenAt: 1000 + i, consent: { ads: true }, search: { [`p${i}`]: `s${i}` } },
            [event({ id: `evt-${String(i).padStart(8, '0')}` })],
          ),
        ),
      );
      const visitor = await stores[0]!.getVisitor('v1');
      // Every instance's click survives: a lost update would drop some.
      expect(Object.keys(visitor!.search).sort()).toEqual(
        Array.from({ length: 30 }, (_, i) => `p${i}`).sort(),
      );
      expect(visitor!.lastSeen).toBe(1029);
      expect(await stores[1]!.listEvents(100)).toHaveLength(30);
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });
  it('commits the settlements of one turn together, each with its own answer', async () => {
    const s = await postgresStorage(url, { schema: 'group_settle' });
    try {
      for (let i = 0; i < 40; i++)
        await s.recordOrder(order({ orderId: `g${i}`, eventId: `g${i}` }), [pending('meta', `g${i}`)]);
      const lease = await s.claimDue('meta', 1_700_000_000_000, 60_000, 40);
      const [first, second, ...rest] = lease.rows;
      const delivered = { status: 'delivered', via: 'server' } as const;
      const answers = await Promise.all([
        s.settle(first!.id, lease.token, delivered, 2),
        s.settle(second!.id, 'another lease', delivered, 2),
        s.settle(first!.id, lease.token, { status: 'dead', reason: 'twice' }, 2),
        ...rest.map((r) =>
          s.settle(r.id, lease.token, { status: 'retry', nextAttemptAt: 9, reason: 'r' }, 2),
        ),
      ]);
      expect(answers).toEqual([true, false, false, ...rest.map(() => true)]);
      expect((await s.listOutbox({ status: 'delivered' })).map((r) => r.id)).toEqual([first!.id]);
      expect(await s.outboxStats()).toEqual([
        { destination: 'meta', status: 'delivered', count: 1 },
        { destination: 'meta', status: 'pending', count: 39 },
      ]);
      // One transaction wrote the 38 retries and the delivery: the rows share their xmin.
      const raw = new pg.Client(url);
      await raw.connect();
      const { rows } = await raw
        .query<{ n: string }>(
          'SELECT COUNT(DISTINCT xmin::text) AS n FROM group_settle.outbox WHERE id = ANY($1) OR attempts = 1',
          [[first!.id]],
        )
        .finally(() => raw.end());
      expect(rows).toEqual([{ n: '1' }]);
    } finally {
      await s.close();
    }
  });
});
