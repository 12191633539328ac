/** Row <-> value mapping shared by the SQLite reader (main thread) and writer (worker). */
import { eventFromRow, outboxFromRow, type Row } from '../storage/rows.js';
import type { OutboxRow, StoredEvent } from '../storage/types.js';

export type { Row } from '../storage/rows.js';

export const rowToEvent = (row: Row): StoredEvent => eventFromRow(row, JSON.parse(String(row.body)));

export const rowToOutbox = (row: Row): OutboxRow => outboxFromRow(row, JSON.parse(String(row.payload)));

export const bodyOf = <T>(row: unknown): T | undefined =>
  row ? (JSON.parse(String((row as Row).body)) as T) : undefined;
