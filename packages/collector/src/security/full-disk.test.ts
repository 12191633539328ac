/**
 * A real full disk, where the machine allows it: the database on a 2 MiB tmpfs (root, and a
 * kernel that lets it mount one), filled by beacons until SQLite answers SQLITE_FULL. Every
 * answer is 204 or 503 with Retry-After, never 500, and /health says 503 once writes fail. Where
 * tmpfs cannot be mounted the test is skipped (visibly); `storage-faults.test.ts` injects the same
 * error into the writer thread everywhere.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { serveCollector } from '../node/server.js';
import { beaconBody, postBeacon, SERVER_KEY } from './served-collector.test-helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-full-disk-'));
function mountSmallDisk(): boolean {
  if (process.getuid?.() !== 0) return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const mounted = mountSmallDisk();
afterAll(() => {
  if (mounted) execFileSync('umount', ['-l', dir]);
  rmSync(dir, { recursive: true, force: true });
});

describe('a full disk (tmpfs)', () => {
  it.skipIf(!mounted)(
    'answers 503 with Retry-After, never 500, and /health 503',
    async () => {
      vi.spyOn(console, 'error').mockImplementation(() => {});
      const running = await serveCollector({
        config: {
          serverKey: SERVER_KEY,
          limits: {
            clientEventsPerSecond: 100_000,
            clientEventBurst: 100_000,
            visitorEventsPerMinute: 100_000,
          },
        },
        dbFile: join(dir, 'tandem.db'),
      });
      try {
        const statuses = new Map<number, number>();
        let full: Response | undefined;
        for (let i = 0; i < 2_000 && !full; i++) {
          const events = Array.from({ length: 30 }, () => ({
            id: `evt-${crypto.randomUUID()}`,
            name: 'pageView',
            ts: Date.now(),
            url: `https://shop.test/${'x'.repeat(300)}`,
          }));
          const res = await postBeacon(running.url, beaconBody({ vid: crypto.randomUUID(), events }));
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status !== 204) full = res;
          else await res.arrayBuffer();
        }
        expect([...statuses.keys()].sort()).toEqual([204, 503]);
        expect(Number(full!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
        expect(await full!.json()).toMatchObject({
          error: { code: 'storage_unavailable', fix: expect.any(String) },
        });
        expect((await fetch(`${running.url}/app-data/health`)).status).toBe(503);
      } finally {
        await running.close();
        vi.restoreAllMocks();
      }
    },
    120_000,
  );
});
