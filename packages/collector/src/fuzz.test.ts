/**
 * Fuzz: thousands of malformed, oversized, wrongly typed and hostile payloads against the beacon
 * and order routes. Every answer must be a 4xx in the one error shape, and nothing may be written.
 * Payloads come from a seeded generator (the seed is printed on failure) and every mutation is
 * invalid by construction, so "4xx" is the only right answer.
 */
import { request as httpRequest } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serveCollector } from './node/server.js';
import { memoryStorage } from './storage/memory.js';
import { beacon, order, postBeacon, postOrder, SERVER_KEY, setup } from './test-helpers.js';

const SEED = Number(process.env.FUZZ_SEED ?? 20261123);

function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  return { next, int, pick };
}
type Rng = ReturnType<typeof rng>;

const HOSTILE_STRINGS = [
  '',
  '\u0000',
  '<script>alert(1)</script>',
  "'; DROP TABLE events; --",
  '\ud800',
  '../../etc/passwd',
  'x'.repeat(5000),
  '__proto__',
];

function wrongValue(r: Rng): unknown {
  return r.pick<() => unknown>([
    () => null,
    () => r.pick(HOSTILE_STRINGS),
    () => -r.int(1e9) - 1,
    () => 1e308 * 10,
    () => [r.pick(HOSTILE_STRINGS)],
    () => ({ __proto__: { polluted: true }, constructor: { prototype: { x: 1 } } }),
    () => true,
    () => deepArray(r.int(2000) + 1),
  ])();
}

function deepArray(depth: number): unknown {
  let v: unknown = [];
  for (let i = 0; i < depth; i++) v = [v];
  return v;
}

/** Top-level string -> the wrong values that surely fail its schema. */
function mutate(r: Rng, valid: Record<string, unknown>, required: string[]): unknown {
  const copy: Record<string, unknown> = structuredClone(valid);
  switch (r.int(4)) {
    case 0:
      delete copy[r.pick(required)];
      return copy;
    case 1: {
      const key = r.pick(required);
      let value = wrongValue(r);
      // A string can be valid for string fields; swap in something that is not.
      if (typeof value === 'string' && typeof valid[key] === 'string') value = 12345;
      copy[key] = value;
      return copy;
    }
    case 2:
      copy[`unknown_${r.int(1000)}`] = wrongValue(r);
      return copy;
    default:
      return r.pick([null, 42, 'text', [], [copy], true]);
  }
}

function garbage(r: Rng): string | Uint8Array {
  return r.pick<() => string | Uint8Array>([
    () => Uint8Array.from({ length: r.int(300) + 1 }, () => r.int(256) | 0x80),
    () => '{'.repeat(r.int(9000) + 1),
    () => '['.repeat(8000) + ']'.repeat(8000),
    () => '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
    () => JSON.stringify(beacon()).slice(0, r.int(100)),
    () => 'v=1&consent=ads',
    () => '',
    () => '  null  ',
    () =>
      JSON.stringify({
        v: 1,
        consent: { ads: true },
        events: Array.from({ length: 51 }, (_, i) => ({ id: `evt-${1e7 + i}`, name: 'x', ts: 1, url: 'u' })),
      }),
  ])();
}

function oversized(r: Rng): string {
  const pad = 'x'.repeat(16 * 1024 + r.int(50_000));
  return JSON.stringify(beacon({ events: [{ id: 'evt-12345678', name: 'pageView', ts: 1, url: pad }] }));
}

const validBeacon = beacon({
  ids: { gclid: 'G1' },
  events: [
    {
      id: 'evt-12345678',
      name: 'purchase',
      ts: 1,
      url: 'https://shop.test/',
      props: { order_id: 'F1', value: 1, currency: 'EUR' },
    },
  ],
});
const validOrder = order({ email: 'a@b.c', cookies: { _tdm_c: '1' } });

async function expectClientError(res: Response, label: string) {
  if (res.status < 400 || res.status > 499) throw new Error(`${label}: status ${res.status} (seed ${SEED})`);
  const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
  expect(typeof body.error?.code, label).toBe('string');
  expect(typeof body.error?.message, label).toBe('string');
}

describe(`fuzz (seed ${SEED})`, () => {
  it('beacon route: 3,000 hostile payloads, all 4xx, nothing written', async () => {
    const r = rng(SEED);
    const storage = memoryStorage();
    const { app } = setup({ trustBrowserPurchases: true }, { storage });
    for (let i = 0; i < 3000; i++) {
      const kind = r.int(10);
      const body =
        kind < 6
          ? JSON.stringify(mutate(r, validBeacon, ['v', 'consent', 'events']))
          : kind < 9
            ? garbage(r)
            : oversized(r);
      const res =
        r.int(4) === 0
          ? await app.request('/app-data/e', {
              method: 'POST',
              body: chunked(typeof body === 'string' ? new TextEncoder().encode(body) : body, r),
              duplex: 'half',
            } as RequestInit)
          : await postBeacon(app, body as string);
      await expectClientError(res, `beacon #${i}`);
    }
    expect(await storage.listEvents()).toEqual([]);
    expect(await storage.listOutbox({})).toEqual([]);
  }, 30_000);

  it('order routes: 2,000 hostile payloads with a valid key, all 4xx, nothing written', async () => {
    const r = rng(SEED + 1);
    const storage = memoryStorage();
    const { app } = setup({}, { storage });
    const required = ['order_id', 'value', 'currency'];
    for (let i = 0; i < 2000; i++) {
      const kind = r.int(10);
      const body =
        kind < 7
          ? JSON.stringify(mutate(r, validOrder, required))
          : kind < 9
            ? garbage(r)
            : 'x'.repeat(64 * 1024 + 1);
      const res = await postOrder(app, body as string, {
        path: r.pick(['/app-data/orders', '/app-data/refunds']),
      });
      await expectClientError(res, `order #${i}`);
    }
    expect(await storage.getOrder('purchase', '1001')).toBeUndefined();
    expect(await storage.listOutbox({})).toEqual([]);
  }, 30_000);

  describe('over real HTTP on SQLite', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-fuzz-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('chunked bodies without a length are cut at the limit; nothing is written', async () => {
      const running = await serveCollector({
        config: { serverKey: SERVER_KEY },
        dbFile: join(dir, 'fuzz.db'),
      });
      try {
        const statuses = new Set<number>();
        for (let i = 0; i < 40; i++) {
          const path = i % 2 ? '/app-data/e' : '/app-data/orders';
          statuses.add(await sendChunked(`${running.url}${path}`, i % 4 < 2 ? 200 : 5, 1024));
        }
        expect([...statuses].sort()).toEqual([400, 413]);
        expect(await running.storage.listEvents()).toEqual([]);
        expect(await running.storage.listOutbox({})).toEqual([]);
      } finally {
        await running.close();
      }
    }, 30_000);
  });
});

function chunked(bytes: Uint8Array, r: Rng): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      const size = r.int(4096) + 1;
      controller.enqueue(bytes.slice(offset, offset + size));
      offset += size;
    },
  });
}

/** Streams `chunks` chunks of `size` bytes with Transfer-Encoding: chunked; resolves with the status. */
function sendChunked(url: string, chunks: number, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    // A fresh connection each time: the server closes one whose body it refused to read.
    const req = httpRequest(url, {
      agent: false,
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${SERVER_KEY}`,
        'transfer-encoding': 'chunked',
      },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    let sent = 0;
    const write = () => {
      while (sent < chunks) {
        sent++;
        if (!req.write('['.repeat(size))) return void req.once('drain', write);
      }
      req.end();
    };
    write();
  });
}
