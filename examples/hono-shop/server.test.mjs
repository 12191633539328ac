/**
 * The example as a shop runs it: `node server.mjs` (plain Node on the built packages) pointed at the
 * sandbox's Meta. A visitor's beacon, then the order-confirmed call: Meta counts the purchase once,
 * joined with the visitor's click ID. Run `pnpm build` first (`pnpm test` builds before vitest).
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { generateTokenKey } from '@tandem/collector';
import { purchaseEventId } from '@tandem/protocol';
import { startSandbox } from '@tandem/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const dir = mkdtempSync(join(tmpdir(), 'tandem-hono-shop-'));
const UA = 'Mozilla/5.0 (X11; Linux x86_64) HonoShopTest';
const FBC = 'fb.1.1795338000000.IwARexample';
let sandbox;
let shop;
let shopUrl;
const output = [];
/** The README's command, run from this folder. */
const README_COMMAND = 'node server.mjs';

beforeAll(async () => {
  sandbox = await startSandbox({ tls: false });
  const { meta } = sandbox;
  const { NODE_OPTIONS: _loaders, ...plain } = process.env;
  const [program, ...args] = README_COMMAND.split(' ');
  shop = spawn(program, args, {
    cwd: fileURLToPath(new URL('.', import.meta.url)),
    env: {
      ...plain,
      PORT: '0',
      TANDEM_DB: join(dir, 'shop.db'),
      TANDEM_TOKEN_KEYS: generateTokenKey('k1'),
      TANDEM_DESTINATIONS: JSON.stringify({
        meta: {
          enabled: true,
          token: meta.credentials.accessToken,
          options: { baseUrl: meta.url, pixelId: meta.credentials.pixelId },
        },
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: shop.stdout });
  lines.on('line', (line) => output.push(line));
  const [line] = await Promise.race([
    once(lines, 'line'),
    once(shop, 'exit').then(([code]) => Promise.reject(new Error(`server.mjs exited with ${code}`))),
  ]);
  shopUrl = /^shop: listening on (http:\/\/127\.0\.0\.1:\d+\/)$/.exec(line)?.[1];
  if (!shopUrl) throw new Error(`unexpected first line: ${line}`);
}, 30_000);

afterAll(async () => {
  if (shop?.exitCode === null) shop.kill('SIGKILL');
  await sandbox?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function until(read, done, ms = 10_000) {
  for (const end = Date.now() + ms; Date.now() < end;) {
    const value = read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  return read();
}

describe('examples/hono-shop', { timeout: 30_000 }, () => {
  it('serves the snippet and the tag from the shop origin', async () => {
    expect(await (await fetch(shopUrl)).text()).toContain('<script async src="/app-data/tag.js"></script>');
    const tag = await fetch(new URL('/app-data/tag.js', shopUrl));
    expect([tag.status, tag.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
  });

  it("delivers a confirmed order to Meta once, joined with the visitor's beacon", async () => {
    const beacon = await fetch(new URL('/app-data/e', shopUrl), {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'user-agent': UA },
      body: JSON.stringify({
        v: 1,
        vid: 'vid-hono-shop-1',
        consent: { ads: true },
        ids: { fbc: FBC },
        events: [{ id: 'evt-hono-shop-1', name: 'pageView', ts: Date.now(), url: shopUrl }],
      }),
    });
    expect(beacon.status).toBe(204);
    const cookie = beacon.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');

    const confirmed = await fetch(new URL('/orders/A-1001/confirmed', shopUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'user-agent': UA },
      body: JSON.stringify({
        value: 42.5,
        products: [{ id: 'p1', quantity: 1, price: 42.5 }],
        email: 'jane@example.com',
        pageUrl: new URL('/thanks/A-1001', shopUrl).href,
      }),
    });
    const receipt = await confirmed.json();
    expect(receipt.confirmed).toBe('A-1001');
    expect(receipt.tandem.find((d) => d.destination === 'meta')).toEqual({
      destination: 'meta',
      status: 'queued',
    });

    const counted = await until(
      () => sandbox.ledger('meta').counted,
      (c) => c.length > 0,
    );
    expect(counted.map((c) => [c.key, c.data.user_data.fbc, c.data.user_data.client_user_agent])).toEqual([
      [`Purchase|${purchaseEventId('A-1001')}`, FBC, UA],
    ]);
  });

  it('stops on SIGTERM: delivery stopped, storage closed, exit 0', async () => {
    shop.kill('SIGTERM');
    const [code] = await once(shop, 'close');
    expect([code, output.at(-1)]).toEqual([0, 'shop: stopped']);
  });
});
