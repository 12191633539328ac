/**
 * The CLI as a person runs it: `bin/tandem.mjs` in a child process from a directory outside the
 * repository, with no inherited PORT or TANDEM_* variables. Help, unknown commands, ports it cannot
 * have, what `serve` says it uses, a stop on SIGTERM/SIGINT that lets a request in flight finish,
 * and an unexpected error with its message and stack.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../../bin/tandem.mjs', import.meta.url));
const cwd = mkdtempSync(join(tmpdir(), 'tandem-cli-process-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

const SERVER_KEY = 'k'.repeat(32);
/** The parent's environment without what would change the CLI's behaviour. */
const baseEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => key !== 'PORT' && key !== 'HOST' && key !== 'NODE_OPTIONS' && !key.startsWith('TANDEM_'),
    ),
  );

interface Child {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function start(args: string[], env: Record<string, string> = {}, dir = cwd): Child {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...baseEnv(), ...env } });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function run(args: string[], env: Record<string, string> = {}) {
  const c = start(args, env);
  const timer = setTimeout(() => c.child.kill('SIGKILL'), 20_000);
  const code = await c.exit;
  clearTimeout(timer);
  return { code, stdout: c.stdout(), stderr: c.stderr() };
}

/** Waits (bounded) until the child printed the collector's URL. */
async function urlOf(c: Child): Promise<string> {
  for (let i = 0; i < 600; i++) {
    const url = /collector at (http:\/\/[\d.:]+)/.exec(c.stdout())?.[1];
    if (url) return url;
    if (c.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`serve did not start:\n${c.stdout()}\n${c.stderr()}`);
}

const busyPort = () =>
  new Promise<Server>((resolve) => {
    const s = createServer(() => {});
    s.listen(0, '127.0.0.1', () => resolve(s));
  });

describe('the tandem command', { timeout: 60_000 }, () => {
  it('prints help on stdout and exits 0 for help, --help and -h', async () => {
    for (const arg of ['help', '--help', '-h']) {
      const r = await run([arg]);
      expect([arg, r.code, r.stderr]).toEqual([arg, 0, '']);
      expect(r.stdout).toMatch(/^Usage: tandem <command> \[options\]/);
      expect(r.stdout).toMatch(/serve +--config <file>/);
    }
  });

  it('names an unknown command and exits 2', async () => {
    const r = await run(['fly']);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(
      /^tandem: unknown command "fly"\. Fix: use one of the commands below\.\n\nUsage:/,
    );
  });

  it('says which port is in use and how to choose another, without a stack trace', async () => {
    const busy = await busyPort();
    const port = (busy.address() as AddressInfo).port;
    try {
      const flag = await run(['serve', '--port', String(port), '--db', 'flag.db']);
      const env = await run(['serve', '--db', 'env.db'], { PORT: String(port) });
      for (const r of [flag, env]) {
        expect(r.code).toBe(2);
        expect(r.stderr.trim().split('\n').at(-1)).toBe(
          `tandem: port ${port} on 127.0.0.1 is already in use. Fix: stop what uses it, or choose another with PORT=<n> or --port <n> (0 picks a free one).`,
        );
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
    } finally {
      busy.close();
    }
  });

  it('refuses PORT=abc and --port abc with the same message', async () => {
    const env = await run(['serve'], { PORT: 'abc' });
    const flag = await run(['serve', '--port', 'abc']);
    const fix =
      'Fix: use a whole number from 0 to 65535; choose another with PORT=<n> or --port <n> (0 picks a free one).';
    expect([env.code, env.stderr.trim().split('\n').at(-1)]).toEqual([2, `PORT=abc is not a port. ${fix}`]);
    expect([flag.code, flag.stderr.trim().split('\n').at(-1)]).toEqual([
      2,
      `--port abc is not a port. ${fix}`,
    ]);
  });

  it('says which defaults and which database file serve uses without --config', async () => {
    const dir = join(cwd, 'defaults');
    mkdirSync(dir);
    const c = start(['serve', '--port', '0'], {}, dir);
    await urlOf(c);
    c.child.kill('SIGINT');
    expect([await c.exit, c.child.signalCode, c.stderr()]).toEqual([0, null, expect.any(String)]);
    expect(c.stdout().split('\n').slice(0, 2)).toEqual([
      'tandem: no --config given: using the defaults (mounted at /app-data, consent optin, no pixels, no destinations; the settings table in the collector README lists them).',
      `tandem: database ${join(dir, 'tandem.db')} (the default; --db or TANDEM_DB to change it)`,
    ]);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`stops on ${signal}: a request in flight finishes, then one "stopped" line and exit 0`, async () => {
      const c = start(['serve', '--port', '0', '--db', `${signal}.db`], {
        TANDEM_SERVER_KEY: SERVER_KEY,
        TANDEM_TOKEN_KEYS: 'k1:' + Buffer.alloc(32, 7).toString('base64'),
      });
      const url = new URL(`${await urlOf(c)}/app-data/orders`);
      const body = JSON.stringify({ order_id: `in-flight-${signal}`, value: 10, currency: 'EUR' });
      // The order's body arrives in two parts; the signal comes between them.
      const answer = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request(
          url,
          {
            method: 'POST',
            headers: {
              authorization: `Bearer ${SERVER_KEY}`,
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(body),
            },
          },
          (res) => {
            let text = '';
            res.on('data', (d: Buffer) => (text += d.toString()));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          c.child.kill(signal);
          setTimeout(() => req.end(body.slice(10)), 400);
        }, 200);
      });
      const { status, text } = await answer;
      expect([status, JSON.parse(text).created]).toEqual([201, true]);
      expect(await c.exit).toBe(0);
      expect(
        c
          .stdout()
          .split('\n')
          .filter((line) => /stopped/i.test(line)),
      ).toEqual(['tandem: stopped.']);
      expect(c.stderr()).toBe('');
    });
  }

  it('logs an unexpected error with its message and stack, and exits 1', async () => {
    // A file that is not a SQLite database: SQLite's own error, which the CLI does not expect.
    const file = join(cwd, 'not-a-database.db');
    writeFileSync(file, 'plain text, not a database '.repeat(64));
    const r = await run(['purge', '--db', file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^tandem: unexpected error: SqliteError: file is not a database\n\s+at /);
    expect(r.stderr).toMatch(/sqlite-open\.(ts|js):\d+/);
  });
});
