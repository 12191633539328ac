/** Postgres row <-> value mapping. `bigint` columns arrive as strings; `json` ones already parsed. */
import type { OutboxRow, StoredEvent } from '../storage/types.js';

export type Row = Record<string, unknown>;

export function rowToEvent(row: Row): StoredEvent {
  const body = row.body as Pick<StoredEvent, 'props' | 'pixels' | 'consent' | 'ids' | 'userAgent' | 'ip'>;
  return {
    id: String(row.id),
    name: String(row.name),
    visitorId: String(row.visitor_id),
    receivedAt: Number(row.received_at),
    url: String(row.url),
    props: body.props,
    pixels: body.pixels,
    consent: body.consent,
    ids: body.ids,
    ...(body.userAgent !== undefined && { userAgent: body.userAgent }),
    ...(body.ip !== undefined && { ip: body.ip }),
    ...(row.full_ip !== null && row.full_ip !== undefined && { fullIp: String(row.full_ip) }),
  };
}

export function rowToOutbox(row: Row): OutboxRow {
  return {
    id: Number(row.id),
    destination: String(row.destination),
    eventId: String(row.event_id),
    payload: row.payload,
    status: row.status as OutboxRow['status'],
    ...(row.reason !== null && { reason: String(row.reason) }),
    ...(row.via !== null && { via: row.via as 'server' | 'pixel' }),
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    nextAttemptAt: Number(row.next_attempt_at),
    ...(row.delivered_at !== null && { deliveredAt: Number(row.delivered_at) }),
  };
}

/** The JSON text of a value as `JSON.stringify` writes it (`null` for undefined). */
export const json = (value: unknown): string => JSON.stringify(value ?? null);
