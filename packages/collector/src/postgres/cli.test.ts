/**
 * Selecting Postgres: `tandem migrate` and `tandem serve` with a `postgres://` URL in `--db` or
 * `TANDEM_DB`, `serveCollector` with one, and a clear refusal (without the password) when the
 * database cannot be reached.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../node/cli.js';
import { tandemClient } from '../node/http-client.js';
import { serveCollector } from '../node/server.js';
import { order, SERVER_KEY } from '../test-helpers.js';
import { freePort } from './server.test-helpers.js';
import { postgresStorage } from './storage.js';
import { testDatabase } from './database.test-helpers.js';

const url = await testDatabase();
afterEach(() => vi.restoreAllMocks());

function capture() {
  const out: string[] = [];
  for (const level of ['log', 'warn', 'error'] as const)
    vi.spyOn(console, level).mockImplementation((m: string) => void out.push(m));
  return out;
}

describe('tandem on Postgres', () => {
  it('migrates the database named by --db, once, and says so without the password', async () => {
    const out = capture();
    expect(await main(['migrate', '--db', url], {})).toBe(0);
    expect(await main(['migrate'], { TANDEM_DB: url.replace(/^postgres:/, 'postgresql:') })).toBe(0);
    const password = new URL(url).password;
    expect(out).toHaveLength(2);
    expect(out[0]).toMatch(
      /^tandem: the database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+ is migrated\.$/,
    );
    expect(out.join('\n')).not.toContain(password);
    const storage = await postgresStorage(url);
    expect(storage.version).toBe(2);
    await storage.close();
  });

  it('refuses an unreachable database with exit 2, the URL without its password and the fix', async () => {
    const out = capture();
    const dead = new URL(url);
    dead.port = String(await freePort());
    expect(await main(['serve', '--db', dead.toString(), '--port', '0'], {})).toBe(2);
    const message = out.find((line) => line.startsWith('Cannot open'));
    expect(message).toMatch(
      /^Cannot open the Postgres database postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/\w+: .+ Fix: /,
    );
    expect(out.join('\n')).not.toContain(dead.password);
  });

  it('serves from TANDEM_DB and keeps what it acknowledged in Postgres', async () => {
    const out = capture();
    let stop!: () => void;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const exit = main(['serve', '--port', '0'], { TANDEM_DB: url, TANDEM_SERVER_KEY: SERVER_KEY }, stopped);
    let base: string | undefined;
    for (let i = 0; i < 400 && !base; i++) {
      await new Promise((r) => setTimeout(r, 25));
      base = /collector at (http:\/\/[\d.:]+\/app-data)/.exec(out.join('\n'))?.[1];
    }
    try {
      expect(base).toBeDefined();
      const receipt = await tandemClient({ url: base!, serverKey: SERVER_KEY }).recordOrder(order());
      expect(receipt.created).toBe(true);
    } finally {
      stop();
    }
    expect(await exit).toBe(0);
    const storage = await postgresStorage(url);
    expect((await storage.getOrder('purchase', '1001'))?.orderId).toBe('1001');
    await storage.close();
  });

  it('takes a URL in serveCollector', async () => {
    const running = await serveCollector({ config: { serverKey: SERVER_KEY }, dbFile: url, port: 0 });
    try {
      const client = tandemClient({ url: `${running.url}/app-data`, serverKey: SERVER_KEY });
      expect((await client.recordRefund(order({ order_id: 'r-77' }))).created).toBe(true);
      expect((await running.storage.getOrder('refund', 'r-77'))?.orderId).toBe('r-77');
    } finally {
      await running.close();
    }
  });
});
