/** The engine's promises on the storage it runs on in production: SQLite. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { drain, order, scriptedFetch, world } from '../delivery/engine.test-helpers.js';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-delivery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let n = 0;
const storage = () => sqliteStorage(join(dir, `d${n++}.db`));

describe('delivery engine on SQLite', () => {
  it('rides out 500s and a 429 with Retry-After: one accepted request per (destination, event ID)', async () => {
    const w = await world({ storage: storage() });
    await w.record([1, 2, 3].map((i) => order(i)));
    const count: Record<string, number> = {};
    const platform = scriptedFetch((req) => {
      const k = (count[req.destination] = (count[req.destination] ?? 0) + 1);
      return k <= 2
        ? { status: 500 }
        : k === 3
          ? { status: 429, headers: { 'retry-after': '30' } }
          : { status: 200 };
    });
    await drain(w, w.engine(platform.fetch));
    const accepted = platform.accepted.flatMap((s) => s.ids.map((id) => `${s.destination} ${id}`));
    expect(accepted.sort()).toEqual(
      ['adroll', 'meta', 'neuroon'].flatMap((d) => [1, 2, 3].map((i) => `${d} ${order(i).eventId}`)).sort(),
    );
    expect((await w.storage.outboxStats()).map((s) => [s.destination, s.status, s.count])).toEqual([
      ['adroll', 'delivered', 3],
      ['meta', 'delivered', 3],
      ['neuroon', 'delivered', 3],
    ]);
    await w.storage.close();
  });

  it('a worker whose lease expired cannot settle a row another worker delivered', async () => {
    const w = await world({ storage: storage() });
    await w.record([order(1)]);
    let release: () => void = () => {};
    const hung = new Promise<void>((resolve) => (release = resolve));
    const slow = scriptedFetch(async (req) => {
      if (req.destination === 'meta') await hung;
      return { status: 200 };
    });
    const a = w.engine(slow.fetch, { leaseMs: 120_000, timeoutMs: 60_000 });
    const b = w.engine(scriptedFetch(() => ({ status: 200 })).fetch);
    const roundA = a.runOnce();
    await new Promise((r) => setTimeout(r, 50));
    w.clock.now += 121_000;
    expect((await b.runOnce()).meta?.delivered).toBe(1);
    release();
    expect((await roundA).meta).toMatchObject({ delivered: 0, lostLease: 1 });
    await w.storage.close();
  });
});
