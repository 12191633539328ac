import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { event, order, pending, storageContract } from '../storage/contract.js';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-sqlite-'));
let n = 0;
const file = () => join(dir, `test-${n++}.db`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storageContract('sqlite', async () => sqliteStorage(file()));

describe('sqlite specifics', () => {
  it('keeps what it acknowledged across a reopen, and migrates once', async () => {
    const path = file();
    const a = sqliteStorage(path);
    await a.recordBeacon({ id: 'v1', seenAt: 1, consent: { ads: true } }, [event()]);
    await a.recordOrder(order(), [pending('meta')]);
    await a.close();
    const b = sqliteStorage(path);
    expect(await b.listEvents()).toEqual([event()]);
    expect(await b.getOrder('purchase', '1001')).toEqual(order());
    expect((await b.listOutbox({})).map((r) => [r.destination, r.status])).toEqual([['meta', 'pending']]);
    await b.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.prepare('SELECT version FROM migrations ORDER BY version').all()).toEqual([
      { version: 1 },
      { version: 2 },
      { version: 3 },
      { version: 4 },
      { version: 5 },
      { version: 6 },
      { version: 7 },
      { version: 8 },
    ]);
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('commits writes of one event-loop turn together, and each caller gets its own result', async () => {
    const s = sqliteStorage(file(), { maxBatch: 64 });
    const results = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        s.recordOrder(order({ orderId: `o${i % 100}`, eventId: `e${i % 100}` }), [
          pending('meta', `e${i % 100}`),
        ]),
      ),
    );
    expect(results.filter((r) => r.created)).toHaveLength(100);
    expect(results.slice(100).every((r, i) => !r.created && r.order.orderId === `o${i}`)).toBe(true);
    expect(await s.outboxStats()).toEqual([{ destination: 'meta', status: 'pending', count: 100 }]);
    await s.close();
  });

  it('rolls back only the write that failed inside a group', async () => {
    const s = sqliteStorage(file());
    const bad = s.recordOrder(order({ orderId: '2', eventId: 'e2' }), [
      {
        ...pending('meta', 'e2'),
        status: 'pending',
        payload: {
          toJSON: () => {
            throw new Error('boom');
          },
        },
      },
    ]);
    const good = s.recordOrder(order({ orderId: '3', eventId: 'e3' }), [pending('meta', 'e3')]);
    await expect(bad).rejects.toThrow('boom');
    expect((await good).created).toBe(true);
    expect(await s.getOrder('purchase', '2')).toBeUndefined();
    expect((await s.listOutbox({})).map((r) => r.eventId)).toEqual(['e3']);
    await s.close();
  });

  it('moves the write-ahead log into the database file from its checkpointer thread, not the writer', async () => {
    // 300 beacons fill ~80 log pages: far below the writer's backstop (4,000), so only the
    // checkpointer thread can have copied them into the database file.
    const grown = async (checkpointMs: number) => {
      const path = file();
      const s = sqliteStorage(path, { checkpointMs });
      await s.recordBeacon({ id: 'v0', seenAt: 1, consent: { ads: true } }, [event({ id: 'warm-up-0' })]);
      const before = statSync(path).size;
      await Promise.all(
        Array.from({ length: 300 }, (_, i) =>
          s.recordBeacon({ id: `visitor-${i}`, seenAt: 2, consent: { ads: true } }, [
            event({ id: `event-${i}`, url: `https://shop.test/products/${i}?${'q'.repeat(600)}` }),
          ]),
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const after = statSync(path).size;
      await s.close();
      return after - before;
    };
    expect(await grown(20)).toBeGreaterThan(100_000);
    expect(await grown(0)).toBe(0);
  });
});
