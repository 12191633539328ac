import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { main } from './cli.js';

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

  it('purges raw events from a database file', async () => {
    const out = capture();
    expect(await main(['purge', '--db', join(dir, 'p.db')], {})).toBe(0);
    expect(out).toEqual([
      'tandem: purged 0 raw events older than 30 days.',
      'tandem: purged 0 visitors whose cookies have expired.',
    ]);
  });
});
