/**
 * `tandem serve --db <path>` where the database cannot be created: one sentence naming the
 * directory and the fix, exit status 2, no stack trace (it was an unhandled SQLITE_CANTOPEN).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const CLI = join(import.meta.dirname, 'cli-process.test-helpers.ts');
const dir = mkdtempSync(join(tmpdir(), 'tandem-startup-'));
const readOnly = join(dir, 'readonly');
mkdirSync(readOnly);

/** A read-only directory: permissions for a normal user; root ignores them, so a read-only mount. */
function makeReadOnly(): boolean {
  if (process.getuid?.() !== 0) {
    chmodSync(readOnly, 0o555);
    return true;
  }
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', readOnly], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const haveReadOnly = makeReadOnly();
afterAll(() => {
  if (process.getuid?.() === 0 && haveReadOnly) execFileSync('umount', [readOnly]);
  rmSync(dir, { recursive: true, force: true });
});

function serve(db: string) {
  const args = ['--conditions=source', '--import', 'tsx', CLI, 'serve', '--db', db, '--port', '0'];
  const run = spawnSync(process.execPath, args, {
    encoding: 'utf8',
    timeout: 20_000,
    env: { PATH: process.env.PATH ?? '', TANDEM_SERVER_KEY: 'startup-test-server-key-0123456789' },
  });
  return { status: run.status, lines: run.stderr.trim().split('\n') };
}

describe('a database directory that cannot be written', () => {
  it('missing: one sentence with the fix', () => {
    const db = join(dir, 'missing', 'x.db');
    expect(serve(db)).toEqual({
      status: 2,
      lines: [
        `tandem: cannot open the database ${db}: the directory ${join(dir, 'missing')} does not exist. Fix: create the directory, make it writable by this user, or pass --db (or TANDEM_DB) with a writable path.`,
      ],
    });
  }, 30_000);

  it('not a directory: one sentence with the fix', () => {
    writeFileSync(join(dir, 'file'), '');
    const db = join(dir, 'file', 'x.db');
    const { status, lines } = serve(db);
    expect({ status, lines }).toEqual({ status: 2, lines: [expect.stringContaining('is not a directory')] });
  }, 30_000);

  it.skipIf(!haveReadOnly)(
    'read-only: one sentence with the fix, no stack trace',
    () => {
      const db = join(readOnly, 'x.db');
      const { status, lines } = serve(db);
      expect(status).toBe(2);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(
        new RegExp(`^tandem: cannot open the database ${db}: .*(read-only|not writable).*\\. Fix: `),
      );
    },
    30_000,
  );
});
