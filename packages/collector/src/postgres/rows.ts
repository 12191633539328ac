/** Postgres row <-> value mapping. `bigint` columns arrive as strings; `json` ones already parsed. */
import { eventFromRow, outboxFromRow, type EventBody, type Row } from '../storage/rows.js';
import type { OutboxRow, StoredEvent } from '../storage/types.js';

export type { Row } from '../storage/rows.js';

export const rowToEvent = (row: Row): StoredEvent => eventFromRow(row, row.body as EventBody);

export const rowToOutbox = (row: Row): OutboxRow => outboxFromRow(row, row.payload);

/** The JSON text of a value as `JSON.stringify` writes it (`null` for undefined). */
export const json = (value: unknown): string => JSON.stringify(value ?? null);
