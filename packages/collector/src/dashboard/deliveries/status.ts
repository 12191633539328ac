/**
 * How one outbox row reads to a marketer, and how rows group into conversions. Pure, so the
 * words and the grouping are tested with plain rows.
 */
import { redactSecrets } from '../../delivery/redact.js';
import type { Conversion } from '../../delivery/conversion.js';
import { DESTINATIONS } from '../../destinations/registry.js';
import type { OutboxRow } from '../../storage/types.js';

export type StatusKind =
  'queued' | 'waiting' | 'retrying' | 'sending' | 'delivered' | 'skipped' | 'dead' | 'uncertain';

export interface RowStatus {
  kind: StatusKind;
  label: string;
  /** Why it was skipped or died, or the last retryable error. */
  reason?: string;
}

/**
 * A row's state in words, at `now`: a row held back on purpose says why and until when ("waiting
 * for AdRoll's pixel until 11:50", "retrying at 12:03 after HTTP 429"), never just "queued".
 */
export function rowStatus(row: OutboxRow, now: number): RowStatus {
  switch (row.status) {
    case 'delivered':
      return { kind: 'delivered', label: row.via === 'pixel' ? 'delivered by pixel' : 'delivered by server' };
    case 'skipped':
      return withReason({ kind: 'skipped', label: 'skipped' }, row.reason);
    case 'dead':
      return withReason({ kind: 'dead', label: 'failed' }, row.reason);
    case 'uncertain':
      return withReason({ kind: 'uncertain', label: 'uncertain: check the platform' }, row.reason);
    case 'sending':
      return { kind: 'sending', label: 'sending' };
    case 'pending': {
      const later = row.nextAttemptAt > now ? clock(row.nextAttemptAt, now) : undefined;
      if (row.attempts > 0) {
        const short = row.reason?.split(':')[0];
        const label = `${later ? `retrying at ${later}` : 'retrying now'}${short ? ` after ${short}` : ''}`;
        return withReason({ kind: 'retrying', label }, row.reason === short ? undefined : row.reason);
      }
      // The plan delays a first send only for the destination's pixel grace period (AdRoll).
      const waiting =
        row.reason?.startsWith('waiting for ') || (!row.reason && row.nextAttemptAt > row.createdAt);
      if (waiting && later) {
        return { kind: 'waiting', label: `${waitingForPixel(row.destination)} until ${later}` };
      }
      const label = later ? `queued until ${later}` : 'queued: sending soon';
      return withReason({ kind: 'queued', label }, waiting ? undefined : row.reason);
    }
  }
}

/** `HH:MM UTC` on `now`'s UTC day, else `YYYY-MM-DD HH:MM UTC`. */
export function clock(time: number, now: number): string {
  const iso = new Date(time).toISOString();
  const sameDay = iso.slice(0, 10) === new Date(now).toISOString().slice(0, 10);
  return `${sameDay ? iso.slice(11, 16) : iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/** What a row held for its destination's pixel waits for. */
export function waitingForPixel(destination: string): string {
  const title = DESTINATIONS.find((d) => d.name === destination)?.title ?? destination;
  return `waiting for ${title}'s pixel`;
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
