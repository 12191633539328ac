/**
 * Column <-> value mapping shared by the SQL engines (SQLite, Postgres). Each engine decodes its
 * own JSON columns (SQLite stores text, Postgres hands `json` over parsed) and passes the values in.
 */
import type { Attempt, OutboxRow, StoredEvent } from './types.js';

export type Row = Record<string, unknown>;

/** What an event keeps in its JSON `body` column; the rest are columns of their own. */
export type EventBody = Pick<
  StoredEvent,
  'props' | 'pixels' | 'sentAs' | 'consent' | 'ids' | 'userAgent' | 'ip'
>;

export function eventBody(e: StoredEvent): EventBody {
  return {
    props: e.props,
    pixels: e.pixels,
    ...(e.sentAs && { sentAs: e.sentAs }),
    consent: e.consent,
    ids: e.ids,
    userAgent: e.userAgent,
    ip: e.ip,
  };
}

export function eventFromRow(row: Row, body: EventBody): StoredEvent {
  return {
    id: String(row.id),
    name: String(row.name),
    visitorId: String(row.visitor_id),
    receivedAt: Number(row.received_at),
    url: String(row.url),
    props: body.props,
    pixels: body.pixels,
    ...(body.sentAs && { sentAs: body.sentAs }),
    consent: body.consent,
    ids: body.ids,
    ...(body.userAgent !== undefined && { userAgent: body.userAgent }),
    ...(body.ip !== undefined && { ip: body.ip }),
    ...(row.full_ip !== null && row.full_ip !== undefined && { fullIp: String(row.full_ip) }),
  };
}

export function outboxFromRow(row: Row, payload: unknown): OutboxRow {
  return {
    id: Number(row.id),
    destination: String(row.destination),
    eventId: String(row.event_id),
    payload,
    status: row.status as OutboxRow['status'],
    ...(row.reason !== null && { reason: String(row.reason) }),
    ...(row.via !== null && { via: row.via as 'server' | 'pixel' }),
    attempts: Number(row.attempts),
    createdAt: Number(row.created_at),
    nextAttemptAt: Number(row.next_attempt_at),
    ...(row.delivered_at !== null && { deliveredAt: Number(row.delivered_at) }),
  };
}

export function attemptFromRow(row: Row): Attempt {
  return {
    rowId: Number(row.row_id),
    destination: String(row.destination),
    eventId: String(row.event_id),
    n: Number(row.n),
    at: Number(row.at),
    url: String(row.url),
    body: String(row.body),
    batchSize: Number(row.batch_size),
    ...(row.status !== null && { status: Number(row.status) }),
    ...(row.error !== null && { error: String(row.error) }),
    response: String(row.response),
  };
}
