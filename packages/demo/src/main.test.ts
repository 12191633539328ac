/**
 * The demo's start as a person meets it, in a child process (the built `dist/main.js`, as `pnpm
 * demo` runs it): a port in use and a port that is not one get a sentence naming the port and how
 * to choose another, without a stack trace.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));
const cwd = mkdtempSync(join(tmpdir(), 'tandem-demo-main-'));
afterAll(() => rmSync(cwd, { recursive: true, force: true }));

/** Plain Node, without inherited PORT, TANDEM_* or a test runner's NODE_OPTIONS. */
const plainEnv = () =>
  Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => key !== 'PORT' && key !== 'NODE_OPTIONS' && !key.startsWith('TANDEM_'),
    ),
  );

function run(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [MAIN, ...args], {
    cwd,
    env: { ...plainEnv(), TANDEM_DEMO_DB: join(cwd, 'demo.db'), ...env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    }),
  );
}

const HOW = 'choose another with PORT=<n> or --port <n> (0 picks a free one).';

describe('pnpm demo start-up', { timeout: 60_000 }, () => {
  it('refuses PORT=abc with the same sentence as --port abc', async () => {
    const env = await run([], { PORT: 'abc' });
    const flag = await run(['--port', 'abc'], {});
    expect([env.code, env.stderr]).toEqual([
      2,
      `demo: PORT=abc is not a port. Fix: use a whole number from 0 to 65535; ${HOW}\n`,
    ]);
    expect([flag.code, flag.stderr]).toEqual([
      2,
      `demo: --port abc is not a port. Fix: use a whole number from 0 to 65535; ${HOW}\n`,
    ]);
  });

  it('says which port is in use and how to choose another, without a stack trace', async () => {
    const busy = await new Promise<Server>((resolve) => {
      const s = createServer(() => {});
      s.listen(0, '127.0.0.1', () => resolve(s));
    });
    const port = (busy.address() as AddressInfo).port;
    try {
      for (const r of [await run([], { PORT: String(port) }), await run(['--port', String(port)], {})]) {
        expect([r.code, r.stdout, r.stderr]).toEqual([
          2,
          '',
          `demo: port ${port} on 127.0.0.1 is already in use. Fix: stop what uses it, or ${HOW}\n`,
        ]);
      }
    } finally {
      busy.close();
    }
  });
});
