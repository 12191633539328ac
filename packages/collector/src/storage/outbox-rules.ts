/**
 * The outbox rules every storage implementation applies the same way: what a settlement does to a
 * row, and when a row may be claimed or settled. Pure, so memory and SQLite share them.
 */
import { truncateIp } from '../privacy/ip.js';
import type { OutboxRow, OutboxStatus, Settlement } from './types.js';

/** Statuses in which a conversion may still be sent: its full client IP is kept while any row has one. */
export const UNSETTLED: readonly OutboxStatus[] = ['pending', 'sending', 'uncertain'];

/**
 * The payload with its client IP cut to the truncated form, or undefined when there is nothing to
 * cut: applied to every row of an event once none is unsettled (the IP policy in DELIVERY.md).
 */
export function scrubbedPayload(payload: unknown): unknown {
  const ip = (payload as { ip?: unknown } | null)?.ip;
  if (typeof ip !== 'string') return undefined;
  const truncated = truncateIp(ip);
  if (truncated === ip) return undefined;
  const { ip: _full, ...rest } = payload as Record<string, unknown>;
  return truncated ? { ...rest, ip: truncated } : rest;
}

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
