/**
 * The README's commands as a person runs them: a child process in its own process group, from the
 * directory the README implies, without inherited PORT or TANDEM_* variables; its output read as
 * it comes; stopped by signalling the whole group, as Ctrl-C does.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { expect, type Page } from '@playwright/test';
import { DESTINATIONS } from '@tandem/collector';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface Group {
  child: ChildProcess;
  pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once the process and everything holding its output have exited. */
  closed: Promise<number | null>;
}

/** The environment a person's shell would have, minus what the test must control. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  // A user's terminal has none of the npm_config_* settings that pnpm passes to the scripts it
  // runs (npm warns about them on stderr); nor PORT, HOST or TANDEM_* left over from a run.
  const inherited = (key: string) =>
    key !== 'PORT' &&
    key !== 'HOST' &&
    key !== 'NODE_OPTIONS' &&
    !key.startsWith('TANDEM_') &&
    !key.toLowerCase().startsWith('npm_config_') &&
    !key.startsWith('PNPM_');
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => inherited(key)));
  return { ...env, ...extra };
}

/** Runs `command` through bash (as typed in a terminal) in its own process group. */
export function startGroup(command: string, cwd: string, env: NodeJS.ProcessEnv): Group {
  const child = spawn('bash', ['-c', command], { cwd, env, detached: true });
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  return { child, pid: child.pid ?? 0, stdout: () => out, stderr: () => err, closed };
}

/** Waits (bounded) until the output matches; returns the match. */
export async function waitForOutput(group: Group, pattern: RegExp, ms: number): Promise<RegExpExecArray> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const found = pattern.exec(group.stdout());
    if (found) return found;
    if (group.child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${pattern} in the output:\n${group.stdout()}\n${group.stderr()}`);
}

export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Kills what is left of a group (cleanup after a failed test); never throws. */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

export const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

/** Whether something accepts connections on 127.0.0.1:port. */
export const listening = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

/** Every dashboard page (path under the dashboard) with the heading it shows. */
export const DASHBOARD_PAGES: Array<[string, string]> = [
  ['', 'Overview'],
  ['/destinations', 'Destinations'],
  ...DESTINATIONS.map((d): [string, string] => [`/destinations/${d.name}`, d.title]),
  ['/deliveries', 'Deliveries'],
];

/** Logs in through the form, then loads every page: each must answer 200 with its heading. */
export async function walkDashboard(page: Page, dashboard: string, secret: string): Promise<string[]> {
  const login = await page.goto(`${dashboard}/login`);
  expect(login?.status()).toBe(200);
  await page.locator('#secret').fill(secret);
  await page.locator('button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.endsWith('/login'));
  const seen: string[] = [];
  for (const [path, heading] of DASHBOARD_PAGES) {
    const res = await page.goto(`${dashboard}${path}`);
    seen.push(`${path || '/'} ${res?.status()} ${await page.locator('h1').textContent()}`);
    expect(seen.at(-1)).toBe(`${path || '/'} 200 ${heading}`);
  }
  return seen;
}
