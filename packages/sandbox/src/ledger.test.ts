import { describe, expect, it } from 'vitest';
import { Ledger } from './ledger.js';

const entry = (key: string | undefined, time: number) => ({
  path: 'server' as const,
  event: 'e',
  key,
  data: {},
  time,
});

describe('ledger', () => {
  it('drops a key counted within the window, whatever order the times came in', () => {
    const ledger = new Ledger('meta');
    expect(ledger.count(entry('a', 1_000), 100)).toBe(true);
    expect(ledger.count(entry('a', 1_050), 100)).toBe(false);
    expect(ledger.count(entry('a', 1_100), 100)).toBe(true);
    // An older time than the newest counted one is still within the window of the newest.
    expect(ledger.count(entry('a', 1_020), 100)).toBe(false);
    expect(ledger.has('a', 1_199, 100)).toBe(true);
    expect(ledger.has('a', 1_200, 100)).toBe(false);
    expect(ledger.count(entry(undefined, 1_000))).toBe(true);
    expect(ledger.count(entry(undefined, 1_000))).toBe(true);
    expect(ledger.count(entry('b', 0))).toBe(true);
    expect(ledger.count(entry('b', 10 ** 12))).toBe(false);
    expect(ledger.tally()).toEqual({ receipts: 0, counted: 5, duplicates: 3 });
    expect(ledger.view().counted.map((c) => c.key)).toEqual(['a', 'a', undefined, undefined, 'b']);
    ledger.reset();
    expect(ledger.count(entry('a', 1_050), 100)).toBe(true);
    expect(ledger.tally()).toEqual({ receipts: 0, counted: 1, duplicates: 0 });
  });
});
