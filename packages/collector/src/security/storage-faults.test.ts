/**
 * Storage faults answer honestly, over real HTTP: a write the disk refuses (injected SQLITE_FULL or
 * SQLITE_IOERR in the writer thread) or does not finish in time answers 503 with Retry-After and
 * the one error shape, never 500; /health says 503 while writes fail; the failures are logged once
 * per interval, not once each; the process shuts down cleanly afterwards.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  beaconBody,
  order,
  postBeacon,
  postOrder,
  served,
  type Served,
} from './served-collector.test-helpers.js';
import type { SqliteStorage } from '../node/sqlite-storage.js';

let target: Served | undefined;
// Closing waits for the stalled writes queued in the writer thread to finish.
afterEach(async () => {
  vi.restoreAllMocks();
  await target?.close();
  target = undefined;
}, 30_000);

const fault = (f: Parameters<SqliteStorage['injectFault']>[0]) =>
  (target!.storage as SqliteStorage).injectFault(f);

async function expectUnavailable(res: Response) {
  expect(res.status).toBe(503);
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await res.json()).toEqual({
    error: {
      code: 'storage_unavailable',
      message: expect.stringContaining('nothing was acknowledged'),
      fix: expect.stringContaining('Retry'),
    },
  });
}

describe('a disk that refuses writes', () => {
  for (const code of ['SQLITE_FULL', 'SQLITE_IOERR_WRITE']) {
    it(`answers 503 with Retry-After on ${code}, /health 503, and recovers`, async () => {
      target = await served({}, { faults: true });
      const lines: string[] = [];
      vi.spyOn(console, 'error').mockImplementation((line: string) => void lines.push(line));
      expect((await postBeacon(target.url, beaconBody())).status).toBe(204);

      fault({ code });
      await expectUnavailable(await postBeacon(target.url, beaconBody()));
      await expectUnavailable(await postOrder(target.url, order()));
      const health = await fetch(`${target.url}/app-data/health`);
      expect([health.status, await health.json()]).toEqual([503, { ok: false, storage: 'writes failing' }]);
      // A burst of failures is one log line (the rest counted when the interval ends), not one each.
      const statuses = await Promise.all(
        Array.from({ length: 40 }, async () => (await postBeacon(target!.url, beaconBody())).status),
      );
      expect(new Set(statuses)).toEqual(new Set([503]));
      // (Filtered: an earlier test's collector may flush its own count meanwhile.)
      expect(lines.filter((line) => line.includes(`(${code})`))).toEqual([
        expect.stringMatching(new RegExp(`^tandem: storage unavailable \\(${code}\\): .*injected fault$`)),
      ]);

      fault(null);
      expect((await postBeacon(target.url, beaconBody())).status).toBe(204);
      expect((await fetch(`${target.url}/app-data/health`)).status).toBe(200);
    }, 20_000);
  }

  it('answers 503 within the write timeout when the disk stalls, instead of hanging', async () => {
    target = await served({ limits: { writeTimeoutMs: 300 } }, { faults: true, pingTimeoutMs: 300 });
    vi.spyOn(console, 'error').mockImplementation(() => {});
    fault({ stallMs: 1_500 });
    const start = Date.now();
    const [beacon, purchase] = await Promise.all([
      postBeacon(target.url, beaconBody()),
      postOrder(target.url, order()),
    ]);
    expect(Date.now() - start).toBeLessThan(2_000);
    await expectUnavailable(beacon);
    await expectUnavailable(purchase);
    expect((await fetch(`${target.url}/app-data/health`)).status).toBe(503);
  }, 15_000);
});

/** Runs the fixture server in its own process, sends a few requests, then SIGTERM. */
function faultyServer(dir: string, fault: string) {
  const child = spawn(
    process.execPath,
    [
      '--conditions=source',
      '--import',
      'tsx',
      join(import.meta.dirname, 'faulty-serve.test-helpers.ts'),
      join(dir, 'x.db'),
      fault,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    async url() {
      for (let i = 0; i < 300 && !out.includes('\n'); i++) await new Promise((r) => setTimeout(r, 50));
      return (JSON.parse(out.split('\n')[0]!) as { url: string }).url;
    },
    async stop() {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      const code = await exited;
      clearTimeout(timer);
      return { code, out, err };
    },
  };
}

describe('shutdown after storage errors', () => {
  for (const kind of ['SQLITE_FULL', 'stall']) {
    it(`exits cleanly on SIGTERM after ${kind}`, async () => {
      target = await served(); // for its temporary directory
      const server = faultyServer(target.dir, kind);
      const url = await server.url();
      const answers = await Promise.all(
        Array.from({ length: 20 }, async () => (await postBeacon(url, beaconBody())).status),
      );
      expect(new Set(answers)).toEqual(new Set([503]));
      const { code, out, err } = await server.stop();
      expect({ code, closed: out.includes('closed'), fatal: /FATAL|Abort|\n\s+at /.test(err) }).toEqual({
        code: 0,
        closed: true,
        fatal: false,
      });
    }, 30_000);
  }
});
