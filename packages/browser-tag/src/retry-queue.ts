/**
 * Beacons the collector has not acknowledged, kept in `localStorage` and replayed on the next page.
 * At most 10 batches, none older than 3 days; only with ads consent (the bodies carry the
 * visitor's identifiers).
 */
import { load, save } from './store.js';

type Entry = [at: number, body: string];

const KEY = '_tdm_q';

export const pendingBeacons = (): Entry[] =>
  load<Entry>(KEY, (e) => e[0] > Date.now() - 2592e5 && e[1][0] == '{');

/** Keeps `body`, or with `keep` false forgets it (forgets all without a body). */
export function storeBeacon(keep: boolean, body?: string): void {
  const list = pendingBeacons().filter((e) => body && e[1] != body);
  if (keep) list.push([Date.now(), body!]);
  save(KEY, list.slice(-10));
}
