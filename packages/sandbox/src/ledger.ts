import type { Counted, LedgerTally, LedgerView, Platform, Receipt } from './types.js';

/**
 * Every receipt of one platform and what it would count. Dedup is per key within a window:
 * a second event with a key already counted less than `windowMs` before goes to `duplicates`.
 */
export class Ledger {
  private receipts: Receipt[] = [];
  private counted: Counted[] = [];
  private duplicates: Counted[] = [];
  /** The newest time counted per key: a key was counted within a window iff its newest time was. */
  private newest = new Map<string, number>();

  constructor(readonly platform: Platform) {}

  receive(receipt: Receipt): void {
    this.receipts.push(receipt);
  }

  /** Counts `entry` unless an entry with the same key was counted within `windowMs`; true if counted. */
  count(entry: Counted, windowMs = Infinity): boolean {
    const { key } = entry;
    const earlier = key !== undefined && this.has(key, entry.time, windowMs);
    (earlier ? this.duplicates : this.counted).push(entry);
    if (!earlier && key !== undefined)
      this.newest.set(key, Math.max(entry.time, this.newest.get(key) ?? -Infinity));
    return !earlier;
  }

  /** Whether a key was counted within `windowMs` before `time` (for answering before counting). */
  has(key: string, time: number, windowMs = Infinity): boolean {
    const newest = this.newest.get(key);
    return newest !== undefined && time - newest < windowMs;
  }

  /** How many receipts, counted events and duplicates there are, without copying them. */
  tally(): LedgerTally {
    return {
      receipts: this.receipts.length,
      counted: this.counted.length,
      duplicates: this.duplicates.length,
    };
  }

  view(): LedgerView {
    return {
      platform: this.platform,
      receipts: structuredClone(this.receipts),
      counted: structuredClone(this.counted),
      duplicates: structuredClone(this.duplicates),
    };
  }

  reset(): void {
    this.receipts = [];
    this.counted = [];
    this.duplicates = [];
    this.newest.clear();
  }
}
