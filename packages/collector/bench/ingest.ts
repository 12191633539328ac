/**
 * `pnpm bench:ingest`: Tandem's beacon route (durable SQLite writes, group commit) against a bare
 * Hono app answering 204 on the same Node adapter, in the same run, on the same machine: one reads
 * the body (`c.req.text()`) as a beacon endpoint must, the other ignores it (the HTTP stack's
 * floor). Each server runs in its own process and wrk (Debian's package) drives them:
 * - peak: 128 connections as fast as they can. Durable ingest batches the requests that wait on
 *   one commit, so with few connections it measures commit latency (Little's law), not capacity;
 * - half load: half of Tandem's peak, held by pacing 32 connections (`BENCH_PACE_MS` in
 *   `support/beacon.lua`), against both servers in alternating rounds, so the bare app's p99 at the
 *   same rate shows how much of the tail is the machine and the load generator;
 * - soak: the half load for a minute against Tandem, sampling its resident memory.
 * `--storage sqlite|postgres|both` (BENCH_STORAGE, default both) picks Tandem's storage; with both,
 * each runs as its own server in the same rounds and the summary puts them side by side (Postgres:
 * see `support/storages.ts`).
 * Options (environment): BENCH_SECONDS (10), BENCH_CONNECTIONS (128), BENCH_ROUNDS (2),
 * HALF_ROUNDS (3), SOAK_SECONDS (60).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startChild, stopChild } from './support/child.js';
import { benchPostgres, storageKinds, type StorageKind } from './support/storages.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 128);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const HALF_ROUNDS = Number(process.env.HALF_ROUNDS ?? 3);
const SOAK = Number(process.env.SOAK_SECONDS ?? 60);
/** Connections of the paced (half-load and soak) runs. */
const PACED_CONNECTIONS = 32;

interface Peak {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** CPU time the server process (all its threads) spent per request, in microseconds. */
  cpuUsPerRequest: number;
}

/** utime + stime of a process in ms, from /proc (clock ticks are 1/100 s on Linux). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/**
 * One wrk run and its summary: requests/s and the latency distribution (ms). With `paceMs`, each
 * of `PACED_CONNECTIONS` connections waits a random 0..2x `paceMs` before each request.
 */
function wrk(url: string, seconds: number, pid: number, paceMs?: number): Promise<Peak> {
  const cpuBefore = cpuMs(pid);
  return new Promise((resolve, reject) => {
    const args = [
      '-t1',
      `-c${paceMs === undefined ? CONNECTIONS : PACED_CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      join(here, 'support', 'beacon.lua'),
      url,
    ];
    const env = { ...process.env, BENCH_PACE_MS: paceMs === undefined ? '' : String(paceMs) };
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'], env });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d));
    child.on('error', reject);
    child.on('exit', () => {
      const ms = (label: string) => {
        const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)`, 'm').exec(out);
        if (!m) return NaN;
        return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
      };
      const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
      const errors =
        Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0) +
        Number(/Socket errors: .*?(\d+)/.exec(out)?.[1] ?? 0);
      if (!Number.isFinite(rps)) return reject(new Error(`wrk failed:\n${out}`));
      const requests = Number(/(\d+) requests in/.exec(out)?.[1]);
      const cpuUsPerRequest = Math.round(((cpuMs(pid) - cpuBefore) * 1000) / requests);
      resolve({ rps, p50: ms('50%'), p99: ms('99%'), errors, cpuUsPerRequest });
    });
  });
}

/**
 * The pace (ms) that holds `rate` requests/s against `url`: a short run at a first guess gives the
 * latency the pacing adds to each cycle (connections / rate = pace + latency).
 */
async function paceFor(url: string, pid: number, rate: number): Promise<number> {
  const cycleMs = (PACED_CONNECTIONS * 1000) / rate;
  const probe = await wrk(url, 3, pid, cycleMs);
  // wrk truncates each random delay to whole ms: about 0.5 ms less than asked, on average.
  const latencyMs = (PACED_CONNECTIONS * 1000) / probe.rps - (cycleMs - 0.5);
  return Math.max(0.5, cycleMs - Math.max(0, latencyMs));
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

const kinds = storageKinds();
const dir = mkdtempSync(join(here, '.bench-'));
const postgres = kinds.includes('postgres') ? await benchPostgres() : undefined;
try {
  const bare = await startChild(join(here, 'support', 'bare-child.ts'));
  const floor = await startChild(join(here, 'support', 'bare-child.ts'), ['--ignore-body']);
  const tandems = new Map<StorageKind, Awaited<ReturnType<typeof startChild>>>();
  for (const kind of kinds)
    tandems.set(
      kind,
      await startChild(join(here, 'support', 'serve-child.ts'), [
        kind === 'sqlite' ? join(dir, 'bench.db') : postgres!.url,
      ]),
    );
  const peaks = new Map<string, Peak[]>([
    ...['bare', 'floor', ...kinds].map((k) => [k, []] as [string, Peak[]]),
  ]);
  const servers = [
    ['bare', bare],
    ['floor', floor],
    ...[...tandems].map(([kind, child]) => [kind, child] as const),
  ] as const;
  try {
    // Warm every server up (JIT, database pages), then alternate so drift hits them all.
    for (const [, server] of servers) await wrk(`${server.url}/app-data/e`, 2, server.child.pid!);
    for (let round = 0; round < ROUNDS; round++) {
      for (const [name, server] of servers)
        peaks.get(name)!.push(await wrk(`${server.url}/app-data/e`, SECONDS, server.child.pid!));
      console.log(
        `round ${round + 1}: ${servers.map(([name]) => `${name} ${peaks.get(name)!.at(-1)!.rps.toFixed(0)}/s`).join(', ')}`,
      );
    }
    const best = (xs: Peak[]) => xs.reduce((a, b) => (b.rps > a.rps ? b : a));
    const b = best(peaks.get('bare')!);
    const f = best(peaks.get('floor')!);
    const half = (xs: Peak[]) => ({
      achievedPerSecond: Math.round(median(xs.map((x) => x.rps))),
      p50ms: median(xs.map((x) => x.p50)),
      p99ms: median(xs.map((x) => x.p99)),
      p99msPerRound: xs.map((x) => x.p99),
      errors: xs.reduce((sum, x) => sum + x.errors, 0),
    });
    const storages: Record<string, unknown> = {};
    const summary: string[] = [];
    for (const [kind, tandem] of tandems) {
      const t = best(peaks.get(kind)!);
      // Half load: the same rate against Tandem and the bare app, alternating, the median reported.
      const rate = t.rps / 2;
      const pace = {
        bare: await paceFor(bare.url, bare.child.pid!, rate),
        tandem: await paceFor(tandem.url, tandem.child.pid!, rate),
      };
      const halves: Record<'bare' | 'tandem', Peak[]> = { bare: [], tandem: [] };
      for (let round = 0; round < HALF_ROUNDS; round++) {
        halves.bare.push(await wrk(`${bare.url}/app-data/e`, SECONDS, bare.child.pid!, pace.bare));
        halves.tandem.push(await wrk(`${tandem.url}/app-data/e`, SECONDS, tandem.child.pid!, pace.tandem));
        console.log(
          `${kind} half load, round ${round + 1}: p99 bare ${halves.bare.at(-1)!.p99} ms at ${halves.bare.at(-1)!.rps.toFixed(0)}/s, tandem ${halves.tandem.at(-1)!.p99} ms at ${halves.tandem.at(-1)!.rps.toFixed(0)}/s`,
        );
      }
      const samples: number[] = [rssMiB(tandem.child.pid!)];
      const sampler = setInterval(() => samples.push(rssMiB(tandem.child.pid!)), 5000);
      const soak = await wrk(`${tandem.url}/app-data/e`, SOAK, tandem.child.pid!, pace.tandem).finally(() =>
        clearInterval(sampler),
      );
      samples.push(rssMiB(tandem.child.pid!));
      const report = {
        peak: {
          beaconsPerSecond: Math.round(t.rps),
          p50ms: t.p50,
          p99ms: t.p99,
          errors: t.errors,
          cpuUsPerBeacon: t.cpuUsPerRequest,
        },
        ratio: Math.round((t.rps / b.rps) * 100) / 100,
        ratioToFloor: Math.round((t.rps / f.rps) * 100) / 100,
        // What the ratio would be on CPU alone: robust when neighbours steal cycles from both runs.
        cpuRatio: Math.round((b.cpuUsPerRequest / t.cpuUsPerRequest) * 100) / 100,
        halfLoad: { targetPerSecond: Math.round(rate), bare: half(halves.bare), tandem: half(halves.tandem) },
        soak: {
          seconds: SOAK,
          perSecond: Math.round(soak.rps),
          p99ms: soak.p99,
          rssMiB: samples,
          // Flat: the second half never climbs past the first half's peak by more than 10 %.
          firstHalfMaxMiB: Math.max(...samples.slice(0, Math.ceil(samples.length / 2))),
          secondHalfMaxMiB: Math.max(...samples.slice(Math.ceil(samples.length / 2))),
          errors: soak.errors,
        },
      };
      storages[kind] = report;
      summary.push(
        `| ${kind} | ${report.peak.beaconsPerSecond} | ${report.ratio} | ${t.p50}/${t.p99} | ${report.halfLoad.tandem.achievedPerSecond} | ${report.halfLoad.tandem.p99ms} | ${report.halfLoad.bare.p99ms} | ${samples[0]} -> ${samples.at(-1)} |`,
      );
    }
    console.log(
      JSON.stringify(
        {
          loadAverage: loadavg().map((x) => Math.round(x * 10) / 10),
          machine: `${process.platform} ${process.arch}, Node ${process.version}, ${cpus().length} cores (shared with the load generator)`,
          connections: CONNECTIONS,
          seconds: SECONDS,
          halfRounds: HALF_ROUNDS,
          bare: {
            beaconsPerSecond: Math.round(b.rps),
            p50ms: b.p50,
            p99ms: b.p99,
            cpuUsPerBeacon: b.cpuUsPerRequest,
          },
          /** The same app answering without reading the body: the HTTP stack's floor. */
          bareIgnoringBody: { beaconsPerSecond: Math.round(f.rps), p50ms: f.p50, p99ms: f.p99 },
          storages,
        },
        null,
        2,
      ),
    );
    console.log(
      `\nbare Hono ${Math.round(b.rps)} beacons/s (p50/p99 ${b.p50}/${b.p99} ms), ignoring the body ${Math.round(f.rps)}/s` +
        '\n\n| storage | beacons/s | ratio to bare Hono | p50/p99 at peak, ms | half load, /s | p99 at half load, ms | bare Hono p99 at that rate, ms | RSS over the soak, MiB |' +
        '\n| --- | --- | --- | --- | --- | --- | --- | --- |\n' +
        summary.join('\n'),
    );
    const sqlite = storages.sqlite as { peak: { beaconsPerSecond: number } } | undefined;
    const pg = storages.postgres as { peak: { beaconsPerSecond: number } } | undefined;
    if (sqlite && pg)
      console.log(
        `\nPostgres / SQLite beacons/s: ${(pg.peak.beaconsPerSecond / sqlite.peak.beaconsPerSecond).toFixed(2)}`,
      );
  } finally {
    await stopChild(bare.child);
    await stopChild(floor.child);
    for (const tandem of tandems.values()) await stopChild(tandem.child);
  }
} finally {
  await postgres?.stop();
  rmSync(dir, { recursive: true, force: true });
}
