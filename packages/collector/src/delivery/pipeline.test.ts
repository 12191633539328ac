import { describe, expect, it } from 'vitest';
import { order, scriptedFetch, world } from './engine.test-helpers.js';
import { pipeline, requestsToClaim, ROWS_PER_SLOT } from './pipeline.js';
import { createTokenBucket } from './rate-limit.js';

/** A promise and its resolver. */
function gate() {
  let open = () => {};
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('delivery pipeline', () => {
  it('claims several requests per slot only as far as the rate limit lets them start soon', () => {
    const fast = createTokenBucket(600_000, 2, 0);
    expect(requestsToClaim(2, 1, fast, 0)).toBe(2 * ROWS_PER_SLOT);
    // Batches of 100: one request per slot, as before.
    expect(requestsToClaim(2, 100, fast, 0)).toBe(2);
    // 100 a minute (Neuroon's default): nothing beyond the slots.
    expect(requestsToClaim(1, 1, createTokenBucket(100, 1, 0), 0)).toBe(1);
    // 600 a minute: the 4 saved up and the 2.5 coming within AHEAD_MS.
    expect(requestsToClaim(4, 1, createTokenBucket(600, 4, 0), 0)).toBe(6);
  });

  it("sends a slot's next request before the last one's settlement committed, and waits for all", async () => {
    const commits = gate();
    let inFlight = 0;
    let maxInFlight = 0;
    let committed = 0;
    const sent: number[] = [];
    const run = pipeline([1, 2, 3, 4, 5], 2, async (n) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      sent.push(n);
      return { settled: commits.opened.then(() => committed++) };
    });
    await new Promise((r) => setTimeout(r, 60));
    // Every request went out while no settlement had committed; the round still waits.
    expect([sent.sort(), maxInFlight, committed]).toEqual([[1, 2, 3, 4, 5], 2, 0]);
    let done = false;
    void run.then(() => (done = true));
    await new Promise((r) => setTimeout(r, 10));
    expect(done).toBe(false);
    commits.open();
    await run;
    expect(committed).toBe(5);
  });

  it('starts nothing after a failure and throws it once the rest settled', async () => {
    const started: number[] = [];
    let settledLate = false;
    const run = pipeline([1, 2, 3, 4], 1, async (n) => {
      started.push(n);
      // A request that failed before it went out (its `sending` mark could not be written).
      if (n === 2) throw new Error('mark failed');
      return { settled: new Promise((r) => setTimeout(r, 20)).then(() => (settledLate = true)) };
    });
    await expect(run).rejects.toThrow('mark failed');
    expect([started, settledLate]).toEqual([[1, 2], true]);
  });

  it('engine: at most `concurrency` Neuroon requests at once, each row sent once, all settled', async () => {
    const w = await world({ neuroon: { concurrency: 2, perMinute: 600_000 } });
    await w.record(Array.from({ length: 12 }, (_, i) => order(i)));
    let inFlight = 0;
    let maxInFlight = 0;
    const platform = scriptedFetch(async () => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      w.clock.now += 1;
      inFlight--;
      return { status: 200, body: {} };
    });
    const report = await w.engine(platform.fetch).runOnce();
    const neuroon = platform.sent.filter((s) => s.destination === 'neuroon').flatMap((s) => s.ids);
    expect([report.neuroon?.claimed, report.neuroon?.delivered, maxInFlight <= 4]).toEqual([12, 12, true]);
    expect(new Set(neuroon).size).toBe(12);
    expect(neuroon).toHaveLength(12);
  });

  it('engine: on stop, the claimed rows not sent yet go back at once, unsent and uncounted', async () => {
    const w = await world({ neuroon: { concurrency: 1, perMinute: 600_000 } });
    await w.record(Array.from({ length: 6 }, (_, i) => order(i)));
    const first = gate();
    const answer = gate();
    const platform = scriptedFetch(async (req) => {
      if (req.destination === 'neuroon') {
        first.open();
        await answer.opened;
        // Time enough for the rate limit to let every other request start.
        w.clock.now += 60_000;
      }
      return { status: 200, body: {} };
    });
    const engine = w.engine(platform.fetch, { idleMs: 10 });
    engine.start();
    await first.opened;
    const stopped = engine.stop();
    answer.open();
    await stopped;
    const rows = await w.storage.listOutbox({ destination: 'neuroon', limit: 100 });
    const byStatus = rows.map((r) => `${r.status} ${r.attempts}`).sort();
    expect(byStatus).toEqual(['delivered 1', ...Array.from({ length: 5 }, () => 'pending 0')]);
    // Their leases are gone: they can be claimed again right away.
    expect((await w.storage.claimDue('neuroon', w.clock.now, 1_000, 100)).rows).toHaveLength(5);
    expect(platform.sent.filter((s) => s.destination === 'neuroon')).toHaveLength(1);
  });
});
