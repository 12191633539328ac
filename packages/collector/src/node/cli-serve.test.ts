/**
 * `tandem serve` through the CLI's entry function: what it refuses before listening, what it says
 * when the dashboard cannot be mounted, and that the dashboard it mounts counts failed logins per
 * socket address (a rotated X-Forwarded-For does not make a new client).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../delivery/secrets.js';
import { saveDestinationSettings } from '../delivery/settings.js';
import { main } from './cli.js';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const KEY = generateTokenKey('k1');
const SECRET = 'a dashboard secret of some length';
let n = 0;
const db = () => join(dir, `serve-${n++}.db`);

/** What start-up says about its defaults, database and stop (tested in cli-process.test.ts). */
const ROUTINE = /^tandem: (no --config given|database |stopped\.)/;

function capture() {
  const out: string[] = [];
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((m: string) => void (ROUTINE.test(m) || out.push(m)));
  }
  return out;
}

/** A database with a Meta token stored under KEY. */
async function dbWithToken() {
  const file = db();
  const storage = sqliteStorage(file);
  const box = await createTokenBox(parseTokenKeys(KEY));
  await saveDestinationSettings(storage, box, 'meta', { token: 'meta-token-9876' }, Date.now());
  await storage.close();
  return file;
}

/** Runs `serve` until `use` is done; returns the exit code. */
async function serving(env: Record<string, string>, out: string[], use: (url: string) => Promise<void>) {
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const exit = main(['serve', '--db', db(), '--port', '0'], env, stopped);
  let url: string | undefined;
  for (let i = 0; i < 200 && !url; i++) {
    await new Promise((r) => setTimeout(r, 25));
    url = /collector at (http:\/\/[\d.:]+)/.exec(out.join('\n'))?.[1];
  }
  try {
    if (!url) throw new Error(`serve did not start: ${out.join('\n')}`);
    await use(url);
  } finally {
    stop();
  }
  return exit;
}

describe('tandem serve start-up', () => {
  it('refuses stored tokens without TANDEM_TOKEN_KEYS, naming the variable and the fix', async () => {
    const file = await dbWithToken();
    const out = capture();
    expect(await main(['serve', '--db', file, '--port', '0'], {})).toBe(2);
    expect(out).toEqual([
      'tandem: TANDEM_SERVER_KEY is not set: the orders and refunds routes will refuse every call.',
      'tandem: server tokens are stored for meta, but TANDEM_TOKEN_KEYS is not set, so they cannot be decrypted and nothing would be delivered. Fix: set TANDEM_TOKEN_KEYS to the key the tokens were stored with ("<id>:<base64>", as `tandem new-token-key <id>` printed it; during a rotation, the new key first and the old one after it).',
    ]);
  });

  it('refuses stored tokens under another key, and a malformed key, before listening', async () => {
    const file = await dbWithToken();
    const out = capture();
    const other = generateTokenKey('k2');
    expect(await main(['serve', '--db', file, '--port', '0'], { TANDEM_TOKEN_KEYS: other })).toBe(2);
    expect(await main(['serve', '--db', file, '--port', '0'], { TANDEM_TOKEN_KEYS: 'nonsense' })).toBe(2);
    expect(out.slice(1).map((line) => line.replace(/TANDEM_SERVER_KEY.*/, 'TANDEM_SERVER_KEY ...'))).toEqual([
      'tandem: stored server tokens cannot be decrypted: the meta token was encrypted with key "k1", which is not configured. Fix: start with the key the tokens were stored with (keep old keys after the new one while rotating), or enter the tokens again.',
      'tandem: TANDEM_SERVER_KEY ...',
      'tandem: TANDEM_TOKEN_KEYS: each token key is written as <id>:<32 bytes in base64>. Fix: set TANDEM_TOKEN_KEYS to the key the tokens were stored with ("<id>:<base64>", as `tandem new-token-key <id>` printed it; during a rotation, the new key first and the old one after it).',
    ]);
    expect(out.some((line) => line.includes('collector at'))).toBe(false);
  });

  it('refuses a dashboard secret shorter than 16 characters', async () => {
    const out = capture();
    const env = { TANDEM_TOKEN_KEYS: KEY, TANDEM_ADMIN_SECRET: 'short' };
    expect(await main(['serve', '--db', db(), '--port', '0'], env)).toBe(2);
    expect(out[1]).toBe(
      'tandem: TANDEM_ADMIN_SECRET is shorter than 16 characters. Fix: set it to a long random secret, e.g. the output of `openssl rand -hex 16`, or unset it to run without the dashboard.',
    );
  });

  it('says the dashboard is not mounted when TANDEM_ADMIN_SECRET comes without TANDEM_TOKEN_KEYS', async () => {
    const out = capture();
    const statuses: number[] = [];
    const exit = await serving({ TANDEM_ADMIN_SECRET: SECRET }, out, async (url) => {
      statuses.push((await fetch(`${url}/app-data/admin/login`)).status);
    });
    expect([exit, statuses]).toEqual([0, [404]]);
    expect(out.filter((line) => !line.startsWith('tandem: collector at'))).toEqual([
      'tandem: TANDEM_SERVER_KEY is not set: the orders and refunds routes will refuse every call.',
      'tandem: TANDEM_TOKEN_KEYS is not set: orders are queued but not delivered.',
      'tandem: TANDEM_ADMIN_SECRET is set but the dashboard is NOT mounted: it stores server tokens encrypted with TANDEM_TOKEN_KEYS, which is not set. Fix: set TANDEM_TOKEN_KEYS (make a key with `tandem new-token-key k1`).',
    ]);
  });

  it('mounts the dashboard, counting failed logins per socket address whatever X-Forwarded-For says', async () => {
    const out = capture();
    const statuses: number[] = [];
    const exit = await serving({ TANDEM_ADMIN_SECRET: SECRET, TANDEM_TOKEN_KEYS: KEY }, out, async (url) => {
      const login = `${url}/app-data/admin/login`;
      for (let i = 0; i < 5; i++) {
        const page = await fetch(login);
        const cookie = (page.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
        const csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
        const res = await fetch(login, {
          method: 'POST',
          headers: {
            cookie,
            'content-type': 'application/x-www-form-urlencoded',
            'x-forwarded-for': `198.51.100.${i}`,
          },
          body: new URLSearchParams({ csrf, secret: 'wrong guess' }),
        });
        await res.body?.cancel();
        statuses.push(res.status);
      }
    });
    expect([exit, statuses]).toEqual([0, [401, 401, 401, 429, 429]]);
    expect(
      out.some((line) => /^tandem: dashboard at http:\/\/127\.0\.0\.1:\d+\/app-data\/admin$/.test(line)),
    ).toBe(true);
  });
});
