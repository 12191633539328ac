/**
 * Lone surrogates: a JSON escape (`"\ud800"`) and the same code point as raw bytes (ED A0 80, which
 * UTF-8 forbids) are refused alike, on the beacon and the orders route, and nothing is stored.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  beaconBody,
  order,
  postBeacon,
  postOrder,
  served,
  type Served,
} from './served-collector.test-helpers.js';

let target: Served;
beforeAll(async () => (target = await served()));
afterAll(() => target.close());

const LONE = '\uD800';
/** The body's JSON with the lone surrogate written as the escape `\ud800`. */
const escaped = (value: unknown) => JSON.stringify(value).replace(LONE, '\\ud800');
/** The same body with the surrogate's three raw bytes, as a careless encoder would write them. */
function rawBytes(value: unknown): Uint8Array {
  const [before, after] = escaped(value).split('\\ud800') as [string, string];
  const enc = new TextEncoder();
  return new Uint8Array([...enc.encode(before), 0xed, 0xa0, 0x80, ...enc.encode(after)]);
}

function rows(table: 'events' | 'orders' | 'visitors'): number {
  const db = new Database(target.dbFile, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe('lone surrogates', () => {
  const event = beaconBody({}, `evt-${LONE}x`);
  const prefix = escaped(event).indexOf('\\ud800');

  it('are refused on the beacon route as an escape, naming the field', async () => {
    const res = await postBeacon(target.url, escaped(event));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error: {
        code: 'invalid_unicode',
        message: expect.stringContaining('lone surrogate'),
        where: 'events.0.id',
        fix: expect.stringContaining('UTF-8'),
      },
    });
  });

  it('are refused on the beacon route as raw bytes, naming the byte', async () => {
    const res = await postBeacon(target.url, rawBytes(event));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_unicode', where: `(body) byte ${prefix}` },
    });
    expect(rows('events') + rows('visitors')).toBe(0);
  });

  const purchase = order({ products: [{ id: `p${LONE}`, quantity: 1, price: 1 }] });

  it('are refused on the orders route as an escape', async () => {
    const res = await postOrder(target.url, escaped(purchase));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      error: { code: 'invalid_unicode', where: 'products.0.id' },
    });
  });

  it('are refused on the orders route as raw bytes', async () => {
    const res = await postOrder(target.url, rawBytes(purchase));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_unicode' } });
    expect(rows('orders')).toBe(0);
  });

  it('leave well-formed pairs (emoji) alone', async () => {
    const res = await postOrder(
      target.url,
      order({ products: [{ id: 'p\u{1F600}', quantity: 1, price: 1 }] }),
    );
    expect(res.status).toBe(201);
  });
});
