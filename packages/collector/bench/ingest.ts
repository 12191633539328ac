/**
 * `pnpm bench:ingest`: Tandem's beacon route (durable SQLite writes, group commit) against a bare
 * Hono app answering 204 on the same Node adapter, in the same run, on the same machine. Each
 * server runs in its own process; wrk drives peak load, autocannon a fixed rate for the latency
 * at half load and for the memory soak.
 * Peak load uses 128 connections: durable ingest batches the requests that wait on one commit, so
 * with few connections it measures commit latency (Little's law), not capacity.
 * Options (environment): BENCH_SECONDS (10), BENCH_CONNECTIONS (128), BENCH_ROUNDS (2),
 * SOAK_SECONDS (60).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startChild, stopChild } from './support/child.js';

const here = dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 128);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SOAK = Number(process.env.SOAK_SECONDS ?? 60);

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

/** wrk's summary: requests/s and the latency distribution (ms). */
function wrk(url: string, seconds: number, pid: number): Promise<Peak> {
  const cpuBefore = cpuMs(pid);
  return new Promise((resolve, reject) => {
    const args = [
      '-t1',
      `-c${CONNECTIONS}`,
      `-d${seconds}s`,
      '--latency',
      '-s',
      join(here, 'support', 'beacon.lua'),
      url,
    ];
    const child = spawn('wrk', args, { stdio: ['ignore', 'pipe', 'inherit'] });
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

let seq = 0;
const beaconBody = () =>
  JSON.stringify({
    v: 1,
    vid: `vid-bench-${String(seq % 1000).padStart(4, '0')}`,
    consent: { ads: true },
    ids: { gclid: `G-${seq % 97}`, fbp: 'fb.1.1700000000000.12345' },
    events: [
      {
        id: `evt-ac-${seq++}-${Math.random().toString(36).slice(2)}`,
        name: 'pageView',
        ts: 1_700_000_000_000,
        url: 'https://shop.test/products/42',
      },
    ],
  });

/** A fixed request rate with autocannon: latency percentiles (ms) at that rate. */
async function atRate(url: string, rate: number, seconds: number, onTick?: () => void) {
  const tick = onTick ? setInterval(onTick, 5000) : undefined;
  const result = await autocannon({
    url: `${url}/app-data/e`,
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    connections: Math.min(CONNECTIONS, 16),
    overallRate: Math.max(1, Math.round(rate)),
    duration: seconds,
    requests: [{ setupRequest: (req) => ({ ...req, body: beaconBody() }) }],
  });
  if (tick) clearInterval(tick);
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
  return Math.round((kb / 1024) * 10) / 10;
}

const dir = mkdtempSync(join(here, '.bench-'));
try {
  const bare = await startChild(join(here, 'support', 'bare-child.ts'));
  const tandem = await startChild(join(here, 'support', 'serve-child.ts'), [join(dir, 'bench.db')]);
  const peaks: Record<'bare' | 'tandem', Peak[]> = { bare: [], tandem: [] };
  try {
    // Warm both up (JIT, SQLite pages), then alternate so drift on a shared machine hits both.
    await wrk(`${bare.url}/app-data/e`, 2, bare.child.pid!);
    await wrk(`${tandem.url}/app-data/e`, 2, tandem.child.pid!);
    for (let round = 0; round < ROUNDS; round++) {
      peaks.bare.push(await wrk(`${bare.url}/app-data/e`, SECONDS, bare.child.pid!));
      peaks.tandem.push(await wrk(`${tandem.url}/app-data/e`, SECONDS, tandem.child.pid!));
      console.log(
        `round ${round + 1}: bare ${peaks.bare.at(-1)!.rps.toFixed(0)}/s, tandem ${peaks.tandem.at(-1)!.rps.toFixed(0)}/s`,
      );
    }
    const best = (xs: Peak[]) => xs.reduce((a, b) => (b.rps > a.rps ? b : a));
    const b = best(peaks.bare);
    const t = best(peaks.tandem);
    const half = await atRate(tandem.url, t.rps / 2, SECONDS);
    const samples: number[] = [rssMiB(tandem.child.pid!)];
    const soak = await atRate(tandem.url, t.rps / 2, SOAK, () => samples.push(rssMiB(tandem.child.pid!)));
    samples.push(rssMiB(tandem.child.pid!));
    const report = {
      loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 10) / 10),
      machine: `${process.platform} ${process.arch}, Node ${process.version}, ${(await import('node:os')).cpus().length} cores (shared with the load generator)`,
      connections: CONNECTIONS,
      seconds: SECONDS,
      bare: {
        beaconsPerSecond: Math.round(b.rps),
        p50ms: b.p50,
        p99ms: b.p99,
        errors: b.errors,
        cpuUsPerBeacon: b.cpuUsPerRequest,
      },
      tandem: {
        beaconsPerSecond: Math.round(t.rps),
        p50ms: t.p50,
        p99ms: t.p99,
        errors: t.errors,
        cpuUsPerBeacon: t.cpuUsPerRequest,
      },
      ratio: Math.round((t.rps / b.rps) * 100) / 100,
      // What the ratio would be on CPU alone: robust when neighbours steal cycles from both runs.
      cpuRatio: Math.round((b.cpuUsPerRequest / t.cpuUsPerRequest) * 100) / 100,
      halfLoad: {
        targetPerSecond: Math.round(t.rps / 2),
        achievedPerSecond: Math.round(half.rps),
        p50ms: half.p50,
        p99ms: half.p99,
        errors: half.errors,
      },
      soak: {
        seconds: SOAK,
        perSecond: Math.round(soak.rps),
        rssMiB: samples,
        // Flat: the second half never climbs past the first half's peak by more than 10 %.
        firstHalfMaxMiB: Math.max(...samples.slice(0, Math.ceil(samples.length / 2))),
        secondHalfMaxMiB: Math.max(...samples.slice(Math.ceil(samples.length / 2))),
        errors: soak.errors,
      },
    };
    console.log(JSON.stringify(report, null, 2));
    console.log(
      `\nbeacons/s: tandem ${report.tandem.beaconsPerSecond} vs bare Hono ${report.bare.beaconsPerSecond} -> ratio ${report.ratio} (bar: >= 0.5)` +
        `\nCPU per beacon: tandem ${t.cpuUsPerRequest} us vs bare ${b.cpuUsPerRequest} us -> CPU ratio ${report.cpuRatio}` +
        `\np50/p99 at peak: tandem ${t.p50}/${t.p99} ms, bare ${b.p50}/${b.p99} ms` +
        `\np99 at half load (${report.halfLoad.achievedPerSecond}/s): ${half.p99} ms (bar: < 10 ms)` +
        `\nRSS over a ${SOAK}s soak: ${samples[0]} -> ${samples.at(-1)} MiB; max first half ${report.soak.firstHalfMaxMiB}, second half ${report.soak.secondHalfMaxMiB}` +
        ` (${report.soak.secondHalfMaxMiB <= report.soak.firstHalfMaxMiB * 1.1 ? 'flat' : 'GROWING'})`,
    );
  } finally {
    await stopChild(bare.child);
    await stopChild(tandem.child);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
