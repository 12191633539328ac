import { afterEach, describe, expect, it, vi } from 'vitest';
import { drain, order, scriptedFetch, world } from '../delivery/engine.test-helpers.js';
import { createTokenBox, parseTokenKeys } from '../delivery/secrets.js';
import { saveDestinationSettings } from '../delivery/settings.js';
import { memoryStorage } from '../storage/memory.js';
import { deliveryStatusText, replayDeadLetters, rotateTokenKey } from './cli-delivery.js';

const key = (id: string, fill: number) =>
  `${id}:` + btoa(String.fromCharCode(...new Uint8Array(32).fill(fill)));
afterEach(() => vi.useRealTimers());

describe('delivery CLI', () => {
  it('shows status per destination, replays dead letters and delivers them with a progress bar', async () => {
    const w = await world();
    await w.record([order(1), order(2)]);
    const refusing = scriptedFetch((req) =>
      req.destination === 'meta' ? { status: 400, body: {} } : { status: 200 },
    );
    await drain(w, w.engine(refusing.fetch));
    expect(await deliveryStatusText(w.storage)).toBe(
      [
        'destination  queued  retrying  in flight  delivered  skipped  dead  uncertain  state',
        'adroll            0         0          0          2        0     0          0  sending',
        'meta              0         0          0          0        0     2          0  sending',
        'neuroon           0         0          0          2        0     0          0  sending',
        'tiktok            0         0          0          0        0     0          0  not configured',
        'google-ads        0         0          0          0        0     0          0  not configured',
        'ga4               0         0          0          0        0     0          0  not configured',
        '  meta dead x2: HTTP 400: {}',
      ].join('\n'),
    );
    const out: string[] = [];
    const accepting = scriptedFetch(() => ({ status: 200 }));
    // The rows are from the fake clock's past; the CLI runs on the real one, so keep them fresh.
    vi.useFakeTimers({ now: w.clock.now, toFake: ['Date'] });
    const replayed = await replayDeadLetters(w.storage, {
      deliver: {
        env: { TANDEM_TOKEN_KEYS: key('k1', 3) },
        waitMs: 5_000,
        fetch: accepting.fetch as typeof fetch,
      },
      write: (text) => void out.push(text),
    });
    expect(replayed).toBe(2);
    expect(out).toEqual([
      'tandem: 2 dead letters back in the queue.\n',
      `\r[${'#'.repeat(30)}] 2/2 100%`,
      '\n',
    ]);
    expect(accepting.accepted.map((s) => [s.destination, s.ids.length])).toEqual([['meta', 2]]);
  });

  it('lists uncertain rows by order and replays the orders the operator names', async () => {
    const w = await world();
    await w.record([order(1), order(2)]);
    const silent = scriptedFetch((req) => (req.destination === 'adroll' ? 'network-error' : { status: 200 }));
    await drain(w, w.engine(silent.fetch));
    const text = await deliveryStatusText(w.storage);
    expect(text.split('\n').slice(0, 2)).toEqual([
      'destination  queued  retrying  in flight  delivered  skipped  dead  uncertain  state',
      'adroll            0         0          0          0        0     0          2  sending',
    ]);
    expect(text).toContain('    orders: 1002, 1001');
    const out: string[] = [];
    const accepting = scriptedFetch(() => ({ status: 200 }));
    vi.useFakeTimers({ now: w.clock.now, toFake: ['Date'] });
    const replayed = await replayDeadLetters(w.storage, {
      which: 'uncertain',
      destination: 'adroll',
      orders: ['1002', 'nope'],
      deliver: {
        env: { TANDEM_TOKEN_KEYS: key('k1', 3) },
        waitMs: 5_000,
        fetch: accepting.fetch as typeof fetch,
      },
      write: (text) => void out.push(text),
    });
    expect(replayed).toBe(1);
    expect(out).toEqual([
      'tandem: no order nope; nothing replayed for it.\n',
      'tandem: 1 uncertain rows back in the queue for adroll.\n',
      `\r[${'#'.repeat(30)}] 1/1 100%`,
      '\n',
    ]);
    expect(accepting.accepted.map((s) => [s.destination, s.ids])).toEqual([['adroll', [order(2).eventId]]]);
    expect((await w.storage.listOutbox({ status: 'uncertain' })).map((r) => r.eventId)).toEqual([
      order(1).eventId,
    ]);
  });

  it('rotates every stored token to the new key, refusing when the old key is missing', async () => {
    const storage = memoryStorage();
    const old = await createTokenBox(parseTokenKeys(key('k1', 1)));
    await saveDestinationSettings(storage, old, 'meta', { token: 'meta-secret-1' }, 0);
    await saveDestinationSettings(storage, old, 'neuroon', { token: 'sk_live_2' }, 0);
    await expect(rotateTokenKey(storage, { TANDEM_TOKEN_KEYS: key('k2', 2) })).rejects.toThrow(
      'stored server tokens cannot be decrypted',
    );
    expect(await rotateTokenKey(storage, { TANDEM_TOKEN_KEYS: `${key('k2', 2)},${key('k1', 1)}` }, 5)).toBe(
      2,
    );
    const onlyNew = await createTokenBox(parseTokenKeys(key('k2', 2)));
    const tokens = await Promise.all(
      (await storage.listSettings()).map((s) => onlyNew.decrypt(s.tokenCiphertext ?? '', s.destination)),
    );
    expect(tokens).toEqual(['meta-secret-1', 'sk_live_2']);
    expect(await rotateTokenKey(storage, { TANDEM_TOKEN_KEYS: key('k2', 2) })).toBe(0);
  });
});
