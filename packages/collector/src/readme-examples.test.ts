/**
 * The README's "Public API" examples are the files in `examples/`, shown verbatim or linked; each
 * one runs here with plain Node on the built package (`pnpm build` first; `pnpm test` builds before vitest),
 * its placeholders (ports, keys, a test platform) given through the environment.
 */
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { purchaseEventId } from '@tandem/protocol';
import { startSandbox } from '@tandem/sandbox';
import { afterAll, describe, expect, it } from 'vitest';
import { generateTokenKey } from './delivery/secrets.js';
import { serveCollector } from './node/server.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'tandem-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const { NODE_OPTIONS: _loaders, ...plainEnv } = process.env;
const SERVER_KEY = 'readme-example-server-key-0123456789';

const run = async (file: string, env: Record<string, string> = {}) =>
  (await promisify(execFile)('node', [file], { cwd: packageDir, env: { ...plainEnv, ...env } })).stdout;

describe('the README examples', { timeout: 60_000 }, () => {
  it('are the files in examples/, each shown verbatim or linked', () => {
    const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/<!-- example: (examples\/[\w-]+\.mjs) -->\n```js\n([\s\S]*?)```/g)];
    const linked = [...readme.matchAll(/\]\((examples\/[\w-]+\.mjs)\)/g)].map((m) => m[1]);
    const files = readdirSync(join(packageDir, 'examples')).map((name) => `examples/${name}`);
    expect([...shown.map((m) => m[1]), ...linked].sort()).toEqual(files.sort());
    for (const [, file, code] of shown) expect(code).toBe(readFileSync(join(packageDir, file!), 'utf8'));
  });

  it('createCollector: mounted in a Hono app, it serves the tag', async () => {
    expect(await run('examples/create-collector.mjs')).toBe('200 text/javascript; charset=utf-8\n');
  });

  it('startDelivery: the recorded order reaches the platform once', async () => {
    const sandbox = await startSandbox({ tls: false });
    try {
      const { meta } = sandbox;
      const out = await run('examples/start-delivery.mjs', {
        TANDEM_TOKEN_KEYS: generateTokenKey('k1'),
        META_URL: meta.url,
        META_PIXEL_ID: meta.credentials.pixelId,
        META_TOKEN: meta.credentials.accessToken,
      });
      expect(out).toBe("{ destination: 'meta', status: 'delivered', count: 1 }\n");
      expect(sandbox.ledger('meta').counted.map((c) => c.key)).toEqual([
        `Purchase|${purchaseEventId('1001')}`,
      ]);
    } finally {
      await sandbox.close();
    }
  });

  it('serveCollector: serves on the given port and stops on SIGTERM', async () => {
    const child = spawn('node', ['examples/serve-collector.mjs'], {
      cwd: packageDir,
      env: { ...plainEnv, PORT: '0', TANDEM_DB: join(dir, 'serve.db'), TANDEM_SERVER_KEY: SERVER_KEY },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
      const url = /^collector at (http:\/\/127\.0\.0\.1:\d+\/app-data)$/.exec(line)?.[1];
      expect((await fetch(`${url}/tag.js`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await once(child, 'close')).toEqual([0, null]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('the SDK: in-process and over HTTP', async () => {
    const collector = await serveCollector({
      config: { serverKey: SERVER_KEY },
      dbFile: join(dir, 'sdk.db'),
    });
    try {
      const out = await run('examples/sdk.mjs', {
        TANDEM_URL: `${collector.url}/app-data`,
        TANDEM_SERVER_KEY: SERVER_KEY,
      });
      expect(out).toBe('true\ntrue\nrefund\n');
      const stored = await Promise.all([
        collector.storage.getOrder('purchase', '1001'),
        collector.storage.getOrder('refund', '1001'),
      ]);
      expect(stored.map((o) => o?.orderId)).toEqual(['1001', '1001']);
    } finally {
      await collector.close();
    }
  });
});
