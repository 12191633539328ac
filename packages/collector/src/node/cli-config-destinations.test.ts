/**
 * Destinations as code through `tandem serve`: the config file's destinations are stored at start
 * (the token read from the variable the file names, stored only encrypted), the dashboard shows
 * them read-only, and over real HTTP every change to them is refused while the others stay editable.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../delivery/secrets.js';
import { main } from './cli.js';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-config-dest-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const KEY = generateTokenKey('k1');
const SECRET = 'a dashboard secret of some length';
const TOKEN = 'adroll-file-managed-token-4321';
const ADROLL = {
  sharing: true,
  options: { advertisableEid: 'ADV123', pixelEid: 'PIX456', baseUrl: 'http://127.0.0.1:9', graceSeconds: 60 },
  token: { env: 'ADROLL_SERVER_TOKEN' },
  mapping: { purchase: 'purchase' },
};
const config = (adroll: object = ADROLL) => {
  const path = join(dir, `config-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ destinations: { adroll } }));
  return path;
};
const ENV = {
  TANDEM_TOKEN_KEYS: KEY,
  TANDEM_ADMIN_SECRET: SECRET,
  ADROLL_SERVER_TOKEN: TOKEN,
  TANDEM_SERVER_KEY: 'x'.repeat(32),
};

function capture() {
  const out: string[] = [];
  for (const level of ['log', 'warn', 'error'] as const) {
    vi.spyOn(console, level).mockImplementation((m: string) => void out.push(m));
  }
  return out;
}

/** Runs `serve` until `use` is done; returns the exit code. */
async function serving(
  args: string[],
  env: Record<string, string>,
  use: (url: string, out: string[]) => Promise<void>,
) {
  const out = capture();
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const exit = main(['serve', '--port', '0', ...args], env, stopped);
  let url: string | undefined;
  for (let i = 0; i < 400 && !url; i++) {
    await new Promise((r) => setTimeout(r, 25));
    url = /collector at (http:\/\/[\d.:]+)/.exec(out.join('\n'))?.[1];
  }
  try {
    if (!url) throw new Error(`serve did not start: ${out.join('\n')}`);
    await use(url, out);
  } finally {
    stop();
  }
  return exit;
}

/** A browser on the real server: cookies kept, redirects not followed. */
function browser(url: string) {
  const jar = new Map<string, string>();
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '));
    const res = await fetch(`${url}/app-data/admin${path}`, { ...init, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [name = '', value = ''] = (line.split(';')[0] ?? '').split('=');
      jar.set(name, value);
    }
    return res;
  };
  const csrfOf = (html: string) => /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
  const post = (path: string, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
    return request(path, {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  };
  return {
    get: async (path: string) => (await request(path)).text(),
    post,
    async login() {
      const form = await (await request('/login')).text();
      const res = await post('/login', { csrf: csrfOf(form), secret: SECRET });
      await res.body?.cancel();
      return csrfOf(await (await request('/destinations')).text());
    },
  };
}

const stored = async (db: string) => {
  const storage = sqliteStorage(db);
  try {
    return await storage.getSettings('adroll');
  } finally {
    await storage.close();
  }
};

describe('destinations set in the config file', { timeout: 30_000 }, () => {
  it('are stored at start with the token encrypted, shown read-only, and refuse every change over HTTP', async () => {
    const db = join(dir, 'managed.db');
    const seen: Record<string, unknown> = {};
    const exit = await serving(['--config', config(), '--db', db], ENV, async (url, out) => {
      expect(out).toContain('tandem: destinations set in the config file: adroll');
      const b = browser(url);
      const csrf = await b.login();
      const page = await b.get('/destinations/adroll');
      seen.sentence = page.includes('These settings are set in the config file.');
      seen.disabled = (page.match(/<fieldset disabled/g) ?? []).length;
      seen.token = /data-testid="token-state">([^<]*)</.exec(page)?.[1];
      seen.sharing = /data-testid="sharing-state">(\w+)</.exec(page)?.[1];
      seen.list = (await b.get('/destinations')).match(/Set in the config file/g)?.length;
      const before = await stored(db);
      const attempts = {
        sharing: { enabled: 'off' },
        token: { token: 'a-token-typed-in-the-dashboard' },
        mapping: { 'shop[]': ['purchase'], 'platform[]': ['addToCart'] },
        options: { advertisableEid: 'OTHER', pixelEid: 'OTHER' },
      };
      const answers: Array<[number, string | undefined]> = [];
      for (const [action, form] of Object.entries(attempts)) {
        const res = await b.post(`/destinations/adroll/${action}`, { csrf, ...form });
        answers.push([res.status, /role="alert">([^<]*)</.exec(await res.text())?.[1]]);
      }
      seen.answers = answers;
      seen.unchanged = JSON.stringify(await stored(db)) === JSON.stringify(before);
      // Meta is not in the file: the dashboard still manages it.
      const meta = await b.post('/destinations/meta/token', { csrf, token: 'meta-token-from-dashboard' });
      seen.meta = meta.status;
    });
    expect(exit).toBe(0);
    const refusal =
      'The settings of adroll are set in the config file: change them there and restart tandem serve (at destinations.adroll)';
    expect(seen).toEqual({
      sentence: true,
      disabled: 4,
      token: 'A token ending in 4321 is stored (encrypted).',
      sharing: 'on',
      list: 1,
      answers: [
        [409, refusal],
        [409, refusal],
        [409, refusal],
        [409, refusal],
      ],
      unchanged: true,
      meta: 303,
    });
    const settings = await stored(db);
    expect({ ...settings, tokenCiphertext: settings?.tokenCiphertext?.slice(0, 6), updatedAt: 0 }).toEqual({
      destination: 'adroll',
      enabled: true,
      options: ADROLL.options,
      mapping: ADROLL.mapping,
      tokenCiphertext: 'v1:k1:',
      updatedAt: 0,
    });
    const box = await createTokenBox(parseTokenKeys(KEY));
    expect(await box.decrypt(settings?.tokenCiphertext ?? '', 'adroll')).toBe(TOKEN);
    for (const file of [db, `${db}-wal`].filter(existsSync)) {
      expect(readFileSync(file).includes(TOKEN)).toBe(false);
    }
  });

  it('keeps the stored token (and a pause) when it did not change, and replaces it when it did', async () => {
    const db = join(dir, 'restart.db');
    const file = config();
    expect(await serving(['--config', file, '--db', db], ENV, async () => {})).toBe(0);
    const first = await stored(db);
    const storage = sqliteStorage(db);
    await storage.putSettings({ ...first!, pausedReason: 'AdRoll refused the token (401)' });
    await storage.close();
    expect(await serving(['--config', file, '--db', db], ENV, async () => {})).toBe(0);
    const second = await stored(db);
    expect([second?.tokenCiphertext, second?.pausedReason]).toEqual([
      first?.tokenCiphertext,
      'AdRoll refused the token (401)',
    ]);
    const env = { ...ENV, ADROLL_SERVER_TOKEN: 'a-new-adroll-token-9999' };
    expect(await serving(['--config', file, '--db', db], env, async () => {})).toBe(0);
    const third = await stored(db);
    expect(third?.tokenCiphertext).not.toBe(first?.tokenCiphertext);
    expect(third?.pausedReason).toBeUndefined();
  });

  it('refuses to start without the token variable, or without TANDEM_TOKEN_KEYS', async () => {
    const out = capture();
    const file = config();
    const { ADROLL_SERVER_TOKEN: _t, ...noToken } = ENV;
    const { TANDEM_TOKEN_KEYS: _k, ...noKeys } = ENV;
    expect(await main(['serve', '--config', file, '--db', join(dir, 'r1.db'), '--port', '0'], noToken)).toBe(
      2,
    );
    expect(await main(['serve', '--config', file, '--db', join(dir, 'r2.db'), '--port', '0'], noKeys)).toBe(
      2,
    );
    expect(out.filter((line) => !line.startsWith('tandem: database'))).toEqual([
      'tandem: destinations.adroll.token names the environment variable ADROLL_SERVER_TOKEN, which is not set. Fix: set ADROLL_SERVER_TOKEN to the AdRoll server token where tandem serve runs.',
      'tandem: the config file sets destinations (adroll), but TANDEM_TOKEN_KEYS is not set: their settings and tokens are stored encrypted with it, and nothing is delivered without it. Fix: set TANDEM_TOKEN_KEYS (make a key with `tandem new-token-key k1`).',
    ]);
  });
});
