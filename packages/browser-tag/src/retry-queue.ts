/**
 * Beacons the collector has not acknowledged, kept in `localStorage` and replayed on the next page.
 * Bounded in count and age; only with ads consent (the bodies carry the visitor's identifiers).
 */
import { loadList, saveList } from './store.js';

type Entry = [storedAt: number, body: string];

const STORAGE_KEY = '_tdm_q';
const MAX_BATCHES = 10;
const MAX_AGE_MS = 3 * 24 * 60 * 60 * 1000;

const isFresh = (entry: Entry): boolean =>
  entry[0] > Date.now() - MAX_AGE_MS && typeof entry[1] === 'string' && entry[1].startsWith('{');

export const pendingBeacons = (): Entry[] => loadList<Entry>(STORAGE_KEY, isFresh);

/** Keeps `body` until it is acknowledged. */
export function keepBeacon(body: string): void {
  const list = pendingBeacons().filter((entry) => entry[1] !== body);
  list.push([Date.now(), body]);
  saveList(STORAGE_KEY, list.slice(-MAX_BATCHES));
}

/** Forgets `body`, acknowledged by the collector. */
export function forgetBeacon(body: string): void {
  saveList(
    STORAGE_KEY,
    pendingBeacons().filter((entry) => entry[1] !== body),
  );
}

/** Forgets every batch (a "no" to ads). */
export function forgetBeacons(): void {
  saveList(STORAGE_KEY, []);
}
