/**
 * The collector as users run it, for the security tests: `tandem serve` as a child process in its
 * own process group, on 127.0.0.1 port 0 with SQLite in a temp folder, its stdout and stderr kept.
 * Plus what an attacker or the admin does over HTTP: beacons, orders, the dashboard's login.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../delivery/secrets.js';
import { saveDestinationSettings } from '../delivery/settings.js';
import { sqliteStorage } from './sqlite-storage.js';
import { BROWSER } from '../test-helpers.js';
import { sandboxConnections, type SandboxPlatforms } from '../sandbox-settings.js';

const BIN = fileURLToPath(new URL('../../bin/tandem.mjs', import.meta.url));
export const SERVER_KEY = 'security-server-key-0123456789abcdef';
export const ADMIN_SECRET = 'the admin secret of the security suite';
export const TOKEN_KEY = generateTokenKey('k1');
export const MOUNT = '/app-data';

export interface Served {
  url: string;
  admin: string;
  dir: string;
  db: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** SIGINT to the group; resolves with the exit code. */
  stop(): Promise<number | null>;
}

/**
 * The settings of AdRoll on the sandbox's AdRoll for `prepareDb`: sent at once (no grace), to
 * every visitor (attribution-aware off), with the sandbox's token unless `token` is given.
 */
export function sandboxAdroll(
  sandbox: SandboxPlatforms,
  extra: { token?: string; mapping?: Record<string, string> } = {},
) {
  const to = sandboxConnections(sandbox).adroll;
  return {
    name: 'adroll',
    token: extra.token ?? to.token,
    ...(extra.mapping && { mapping: extra.mapping }),
    options: { ...to.options, attributionAware: false, graceSeconds: 0 },
  };
}

/** A fresh folder with a database; `settings` are stored (tokens encrypted) before the start. */
export async function prepareDb(
  settings: Array<{
    name: string;
    token?: string;
    options?: Record<string, unknown>;
    mapping?: Record<string, string>;
  }> = [],
) {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-security-'));
  const db = join(dir, 'tandem.db');
  const storage = sqliteStorage(db);
  const box = await createTokenBox(parseTokenKeys(TOKEN_KEY));
  for (const s of settings) {
    await saveDestinationSettings(
      storage,
      box,
      s.name,
      {
        enabled: true,
        ...(s.token && { token: s.token }),
        ...(s.options && { options: s.options }),
        ...(s.mapping && { mapping: s.mapping }),
      },
      Date.now(),
    );
  }
  await storage.close();
  return { dir, db };
}

export async function serveCli(
  where: { dir: string; db: string },
  config: Record<string, unknown> = {},
  env: Record<string, string> = {},
): Promise<Served> {
  const configFile = join(where.dir, 'tandem.json');
  writeFileSync(configFile, JSON.stringify(config));
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('TANDEM_') && k !== 'PORT' && k !== 'HOST'),
  );
  const child = spawn(
    process.execPath,
    [BIN, 'serve', '--config', configFile, '--db', where.db, '--port', '0', '--host', '127.0.0.1'],
    {
      cwd: where.dir,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...clean,
        TANDEM_SERVER_KEY: SERVER_KEY,
        TANDEM_ADMIN_SECRET: ADMIN_SECRET,
        TANDEM_TOKEN_KEYS: TOKEN_KEY,
        ...env,
      },
    },
  );
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let url: string | undefined;
  for (let i = 0; i < 600 && !url && child.exitCode === null; i++) {
    await new Promise((r) => setTimeout(r, 25));
    url = /collector at (http:\/\/[\d.:]+)/.exec(output)?.[1];
  }
  if (!url) {
    if (child.exitCode === null) process.kill(-child.pid!, 'SIGKILL');
    throw new Error(`tandem serve did not start:\n${output}`);
  }
  return {
    url,
    admin: `${url}${MOUNT}/admin`,
    ...where,
    output: () => output,
    async stop() {
      if (child.exitCode === null) process.kill(-child.pid!, 'SIGINT');
      return exited;
    },
  };
}

/** The cookie pairs (`name=value`) a response sets, ready for a `cookie` header. */
export function cookiesOf(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

export const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';

/** One login attempt: fetches the form, posts `secret`; returns the answer and the session cookie. */
export async function login(admin: string, secret: string, headers: Record<string, string> = {}) {
  const page = await fetch(`${admin}/login`, { headers });
  const form = await page.text();
  const res = await fetch(`${admin}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: {
      ...headers,
      cookie: cookiesOf(page),
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({ csrf: csrfOf(form), secret }),
  });
  const session = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('tdm_admin='));
  await res.body?.cancel();
  return { status: res.status, session, retryAfter: res.headers.get('retry-after') };
}

export function postBeaconTo(url: string, body: unknown, cookie?: string) {
  return fetch(`${url}${MOUNT}/e`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain', 'user-agent': BROWSER, ...(cookie && { cookie }) },
    body: JSON.stringify(body),
  });
}

export function postOrderTo(url: string, body: unknown) {
  return fetch(`${url}${MOUNT}/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVER_KEY}` },
    body: JSON.stringify(body),
  });
}

/** Polls `check` every 100 ms until it returns a value, at most `ms`. */
export async function eventually<T>(check: () => T | undefined | Promise<T | undefined>, ms = 15_000) {
  const until = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 100));
  }
}
