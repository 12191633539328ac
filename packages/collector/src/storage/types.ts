/**
 * The storage port. The core talks only to this interface; implementations live beside it
 * (in-memory for unit tests) and in the Node adapter (SQLite). Every implementation passes the
 * contract suite in `contract.ts`.
 */
import type { BeaconEvent, ClickIds, Consent, Pixels } from '@tandem/protocol';

export interface StoredEvent {
  /** Event ID shared with the pixels. */
  id: string;
  name: string;
  visitorId: string;
  /** Server receive time, epoch ms. */
  receivedAt: number;
  url: string;
  props: BeaconEvent['props'];
  pixels: Pixels | undefined;
  consent: Consent;
  ids: ClickIds | undefined;
}

export interface Storage {
  /** Resolves only once the events are durable. Events whose ID is already stored are ignored. */
  insertEvents(events: StoredEvent[]): Promise<void>;
  listEvents(limit?: number): Promise<StoredEvent[]>;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
