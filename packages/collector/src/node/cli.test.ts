import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

function file(name: string, text: string) {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

function capture() {
  const out: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void out.push(m));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void out.push(m));
  return out;
}

describe('tandem CLI', () => {
  it('accepts a valid config', async () => {
    const out = capture();
    expect(await main(['check', '--config', file('ok.json', '{"consentMode":"optout"}')], {})).toBe(0);
    expect(out).toEqual(['tandem: config is valid (mounted at /app-data, consent optout).']);
  });

  it('warns when the stored Meta settings use a Graph API version near its end, and not otherwise', async () => {
    const db = join(dir, 'warn.db');
    const storage = sqliteStorage(db);
    const meta = (apiVersion: string) => ({
      destination: 'meta',
      enabled: false,
      mapping: { purchase: 'Purchase' },
      options: { pixelId: '1234567890', apiVersion },
      updatedAt: 0,
    });
    await storage.putSettings(meta('v21.0'));
    await storage.close();
    vi.useFakeTimers({ now: Date.parse('2026-12-04T12:00:00Z'), toFake: ['Date'] });
    try {
      const config = file('w.json', '{}');
      const out = capture();
      expect(await main(['check', '--config', config, '--db', db], {})).toBe(0);
      expect(out).toEqual([
        'tandem: config is valid (mounted at /app-data, consent optin).',
        'tandem: warning: Meta Conversions API: Meta Graph API v21.0 expires on 2027-01-21 (in 48 days); set apiVersion to v26.0',
      ]);
      const again = sqliteStorage(db);
      await again.putSettings(meta('v26.0'));
      await again.close();
      const quiet = capture();
      expect(await main(['check', '--config', config, '--db', db], {})).toBe(0);
      expect(quiet).toEqual(['tandem: config is valid (mounted at /app-data, consent optin).']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('exits 2 naming the field, the problem and the fix', async () => {
    const out = capture();
    expect(await main(['check', '--config', file('bad.json', '{"retentionDays":0}')], {})).toBe(2);
    expect(out).toEqual([
      'Invalid Tandem config:\n- retentionDays: Too small: expected number to be >=1. Fix: Use a whole number of days from 1 to 3650.',
    ]);
  });

  it('takes secrets only from the environment', async () => {
    const out = capture();
    const path = file('secret.json', '{"serverKey":"abcdefghijklmnopqrstuvwxyz"}');
    expect(await main(['check', '--config', path], {})).toBe(2);
    expect(out).toEqual([
      `${path}: serverKey must not be in the config file. Fix: set TANDEM_SERVER_KEY in the environment instead.`,
    ]);
    expect(await main(['check', '--config', file('k.json', '{}')], { TANDEM_SERVER_KEY: 'short' })).toBe(2);
    expect(out[1]).toContain('- serverKey: at least 24 characters. Fix: Set TANDEM_SERVER_KEY');
  });

  it('explains broken JSON, missing files, unknown options and commands', async () => {
    const out = capture();
    expect(await main(['check', '--config', file('broken.json', '{')], {})).toBe(2);
    expect(await main(['check', '--config', join(dir, 'missing.json')], {})).toBe(2);
    expect(await main(['check', '--nope'], {})).toBe(2);
    expect(await main(['fly'], {})).toBe(2);
    expect(out[0]).toMatch(/broken\.json is not valid JSON .*Fix: correct the JSON syntax\./);
    expect(out[1]).toBe(
      `Cannot read the config file ${join(dir, 'missing.json')}. Fix: pass an existing JSON file with --config.`,
    );
    expect(out[2]).toContain("Unknown option '--nope'");
    expect(out[3]).toContain('Usage: tandem <command>');
  });

  it('checks the destinations section field by field, with the dashboard rules', async () => {
    const out = capture();
    const bad = {
      destinations: {
        adroll: {
          sharing: true,
          options: { advertisableEid: 'ADV1', graceSeconds: -1 },
          mapping: { purchase: 'Purchase', checkout: 'purchase' },
        },
      },
    };
    expect(await main(['check', '--config', file('dest-bad.json', JSON.stringify(bad))], {})).toBe(2);
    const literal = {
      destinations: { meta: { token: 'EAAB-a-token-in-the-file', options: { pixelId: '12345' } } },
    };
    expect(await main(['check', '--config', file('dest-token.json', JSON.stringify(literal))], {})).toBe(2);
    expect(
      await main(['check', '--config', file('dest-name.json', '{"destinations":{"tiktok":{}}}')], {}),
    ).toBe(2);
    const adrollEvents =
      'purchase, pageView, homeView, productSearch, addToCart, highValuePage, gatedContent, demoRequest, signupPlan, signupTrial, contactSales, liveChat, formFill';
    const tokenFix =
      'Write "token": {"env": "VARIABLE_NAME"} and set that variable where tandem serve runs; the token itself never goes in the file.';
    expect(out).toEqual([
      [
        'Invalid Tandem config:',
        "- destinations.adroll.options.pixelEid: Invalid input: expected string, received undefined. Fix: See AdRoll's options table in DELIVERY.md.",
        "- destinations.adroll.options.graceSeconds: Too small: expected number to be >=0. Fix: See AdRoll's options table in DELIVERY.md.",
        `- destinations.adroll.mapping.purchase: AdRoll has no event "Purchase". Fix: Map purchase or refund to one of ${adrollEvents}.`,
        `- destinations.adroll.mapping.checkout: "checkout" is not an event Tandem delivers. Fix: Map purchase or refund to one of ${adrollEvents}.`,
        `- destinations.adroll.token: AdRoll needs its server token before data sharing can be on. Fix: ${tokenFix}`,
      ].join('\n'),
      `Invalid Tandem config:\n- destinations.meta.token: Invalid input: expected object, received string. Fix: ${tokenFix}`,
      'Invalid Tandem config:\n- destinations.tiktok: no destination named "tiktok". Fix: Use destination names among adroll, meta, neuroon.',
    ]);
  });

  it('accepts a destinations section and says where each token will come from', async () => {
    const out = capture();
    const ok = {
      destinations: {
        meta: { sharing: true, token: { env: 'META_CAPI_TOKEN' }, options: { pixelId: '123456789' } },
        neuroon: { options: { shopId: 'shop-1', origin: 'https://shop.example' } },
      },
    };
    expect(await main(['check', '--config', file('dest-ok.json', JSON.stringify(ok))], {})).toBe(0);
    expect(out).toEqual([
      'tandem: config is valid (mounted at /app-data, consent optin).',
      'tandem: destination meta set in the file: sharing on, token from META_CAPI_TOKEN, which is not set here.',
      'tandem: destination neuroon set in the file: sharing off, no token.',
    ]);
  });

  it('purges raw events from a database file', async () => {
    const out = capture();
    expect(await main(['purge', '--db', join(dir, 'p.db')], {})).toBe(0);
    expect(out).toEqual([
      'tandem: purged 0 raw events older than 30 days.',
      'tandem: purged 0 visitors whose cookies have expired.',
    ]);
  });
});
