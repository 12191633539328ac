import type { Counted, LedgerView, Platform, Receipt } from './types.js';

/**
 * Every receipt of one platform and what it would count. Dedup is per key within a window:
 * a second event with a key already counted less than `windowMs` before goes to `duplicates`.
 */
export class Ledger {
  private receipts: Receipt[] = [];
  private counted: Counted[] = [];
  private duplicates: Counted[] = [];

  constructor(readonly platform: Platform) {}

  receive(receipt: Receipt): void {
    this.receipts.push(receipt);
  }

  /** Counts `entry` unless an entry with the same key was counted within `windowMs`; true if counted. */
  count(entry: Counted, windowMs = Infinity): boolean {
    const { key } = entry;
    const earlier =
      key !== undefined && this.counted.some((c) => c.key === key && entry.time - c.time < windowMs);
    (earlier ? this.duplicates : this.counted).push(entry);
    return !earlier;
  }

  /** Whether a key was counted within `windowMs` before `time` (for answering before counting). */
  has(key: string, time: number, windowMs = Infinity): boolean {
    return this.counted.some((c) => c.key === key && time - c.time < windowMs);
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
  }
}
