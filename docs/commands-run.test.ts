/**
 * The commands CONTRIBUTING.md and e2e/README.md show for running one suite, one test file and one
 * browser spec, run as a person runs them: through bash from the repository root, in a shell
 * without the variables this test runner sets. The browser spec needs the packages built
 * (`npx --yes pnpm@10 test` builds before the unit tests).
 */
import { execFile } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const inherited = Object.entries(process.env).filter(
  ([key]) =>
    !/^(VITEST|TANDEM_|FORCE_COLOR$|NODE_OPTIONS$|TEST$|PORT$)/.test(key) &&
    !/^(npm_config_|pnpm_)/i.test(key),
);
const shellEnv = { ...Object.fromEntries(inherited), NO_COLOR: '1' };

async function shell(command: string) {
  const { stdout, stderr } = await promisify(execFile)('bash', ['-c', command], {
    cwd: root,
    env: shellEnv,
    timeout: 290_000,
  });
  return stdout + stderr;
}

describe('the commands that run one suite, one file, one spec', { timeout: 300_000 }, () => {
  it('runs one package project', async () => {
    const out = await shell('npx --yes pnpm@10 vitest run --project protocol');
    expect(out).toMatch(/Test Files\s+\d+ passed/);
    expect(out).not.toContain('|collector|');
  });

  it('runs one test file', async () => {
    const out = await shell('npx vitest run packages/protocol/src/event-id.test.ts');
    expect(out).toMatch(/event-id\.test\.ts[\s\S]*Test Files\s+1 passed \(1\)/);
  });

  it('runs one browser spec', async () => {
    const out = await shell('npx --yes pnpm@10 e2e e2e/tests/skeleton.spec.ts');
    expect(out).toMatch(/skeleton\.spec\.ts[\s\S]*\d+ passed/);
  });
});
