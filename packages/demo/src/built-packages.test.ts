/**
 * The demo, like any shop, imports the collector with plain Node: the packages' `exports` point at
 * their built JavaScript (run `pnpm build` first; `pnpm test` builds before it runs the tests).
 */
import { execSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const demoDir = fileURLToPath(new URL('..', import.meta.url));
/** Plain Node: no loader or condition that a test runner may have put in NODE_OPTIONS. */
const { NODE_OPTIONS: _loaders, ...plainEnv } = process.env;
const run = (command: string) => execSync(command, { cwd: demoDir, env: plainEnv, encoding: 'utf8' });

describe('the built packages', { timeout: 30_000 }, () => {
  it('load with plain node from packages/demo', () => {
    expect(
      run(`node -e "import('@tandem/collector').then(m => console.log(typeof m.createCollector))"`),
    ).toBe('function\n');
    expect(
      run(
        `node -e "import('@tandem/collector/node').then(m => console.log(typeof m.serveCollector, typeof m.tandemServer))"`,
      ),
    ).toBe('function function\n');
  });
});
