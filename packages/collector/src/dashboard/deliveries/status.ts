/**
 * How one outbox row reads to a marketer, and how rows group into conversions. Pure, so the
 * words and the grouping are tested with plain rows.
 */
import { redactSecrets } from '../../delivery/redact.js';
import type { Conversion } from '../../delivery/conversion.js';
import type { OutboxRow } from '../../storage/types.js';

export type StatusKind = 'queued' | 'retrying' | 'sending' | 'delivered' | 'skipped' | 'dead' | 'uncertain';

export interface RowStatus {
  kind: StatusKind;
  label: string;
  /** Why it was skipped or died, or the last retryable error. */
  reason?: string;
}

export function rowStatus(row: OutboxRow): RowStatus {
  switch (row.status) {
    case 'delivered':
      return { kind: 'delivered', label: row.via === 'pixel' ? 'delivered by pixel' : 'delivered by server' };
    case 'skipped':
      return withReason({ kind: 'skipped', label: 'skipped' }, row.reason);
    case 'dead':
      return withReason({ kind: 'dead', label: 'dead' }, row.reason);
    case 'uncertain':
      return withReason({ kind: 'uncertain', label: 'uncertain: check the platform' }, row.reason);
    case 'sending':
      return { kind: 'sending', label: 'sending' };
    case 'pending':
      return row.attempts > 0
        ? withReason({ kind: 'retrying', label: `retrying (attempt ${row.attempts + 1})` }, row.reason)
        : withReason({ kind: 'queued', label: 'queued' }, row.reason);
  }
}

function withReason(status: RowStatus, reason: string | undefined): RowStatus {
  // Stored reasons are redacted on the way in; this also covers rows stored before that was so.
  return reason ? { ...status, reason: redactSecrets(reason) } : status;
}

/** One conversion with the outbox row of each destination. */
export interface ConversionRows {
  eventId: string;
  orderId?: string;
  shopEvent?: string;
  value?: number;
  currency?: string;
  time: number;
  rows: OutboxRow[];
}

/** The fields of the snapshot the dashboard reads; older or foreign payloads simply lack them. */
export function conversionOf(row: OutboxRow): Partial<Conversion> {
  return row.payload && typeof row.payload === 'object' ? (row.payload as Partial<Conversion>) : {};
}

/** Groups rows by event, newest conversion first, at most `limit` conversions. */
export function groupConversions(rows: OutboxRow[], limit: number): ConversionRows[] {
  const byEvent = new Map<string, ConversionRows>();
  for (const row of rows) {
    let group = byEvent.get(row.eventId);
    if (!group) {
      const c = conversionOf(row);
      group = {
        eventId: row.eventId,
        time: typeof c.time === 'number' ? c.time : row.createdAt,
        rows: [],
        ...(c.orderId !== undefined && { orderId: c.orderId }),
        ...(c.shopEvent !== undefined && { shopEvent: c.shopEvent }),
        ...(c.value !== undefined && { value: c.value }),
        ...(c.currency !== undefined && { currency: c.currency }),
      };
      byEvent.set(row.eventId, group);
    }
    group.rows.push(row);
  }
  const groups = [...byEvent.values()];
  for (const g of groups) g.rows.sort((a, b) => a.destination.localeCompare(b.destination));
  return groups.sort((a, b) => b.time - a.time || b.eventId.localeCompare(a.eventId)).slice(0, limit);
}
