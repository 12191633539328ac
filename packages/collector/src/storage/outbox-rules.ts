/**
 * The outbox rules every storage implementation applies the same way: what a settlement does to a
 * row, and when a row may be claimed or settled. Pure, so memory and SQLite share them.
 */
import type { OutboxRow, OutboxStatus, Settlement } from './types.js';

/** The fields a settlement changes. `attempts` counts real sends: a release or a skip is not one. */
export function settledFields(
  row: Pick<OutboxRow, 'attempts' | 'nextAttemptAt' | 'reason'>,
  settlement: Settlement,
  now: number,
): Pick<OutboxRow, 'status' | 'attempts' | 'nextAttemptAt'> &
  Partial<Pick<OutboxRow, 'reason' | 'via' | 'deliveredAt'>> {
  switch (settlement.status) {
    case 'delivered':
      return {
        status: 'delivered',
        via: settlement.via,
        deliveredAt: now,
        attempts: row.attempts + (settlement.via === 'server' ? 1 : 0),
        nextAttemptAt: row.nextAttemptAt,
        reason: row.reason,
      };
    case 'retry':
      return {
        status: 'pending',
        attempts: row.attempts + 1,
        nextAttemptAt: settlement.nextAttemptAt,
        reason: settlement.reason,
      };
    case 'dead':
      return {
        status: 'dead',
        attempts: row.attempts + 1,
        nextAttemptAt: row.nextAttemptAt,
        reason: settlement.reason,
      };
    case 'uncertain':
      return {
        status: 'uncertain',
        attempts: row.attempts + 1,
        nextAttemptAt: row.nextAttemptAt,
        reason: settlement.reason,
      };
    case 'skipped':
      return {
        status: 'skipped',
        attempts: row.attempts,
        nextAttemptAt: row.nextAttemptAt,
        reason: settlement.reason,
      };
    case 'release':
      return {
        status: 'pending',
        attempts: row.attempts,
        nextAttemptAt: settlement.nextAttemptAt,
        reason: settlement.reason ?? row.reason,
      };
  }
}

/** Statuses a lease holder may settle: claimed and not yet sent, or being sent. */
export const SETTLEABLE: readonly OutboxStatus[] = ['pending', 'sending'];

/** A fresh lease token; Web Crypto, so the core stays runtime-neutral. */
export function leaseToken(): string {
  return crypto.randomUUID();
}
