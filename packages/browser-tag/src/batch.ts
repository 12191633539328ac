/**
 * Events wait here briefly and leave in batches: a second after the first one, or at once when the
 * page is hidden or left. A timed flush waits while a pixel is still loading (at most
 * `pixelTimeout`), so each event reports whether its pixels delivered it, and while the extras
 * load, so a purchase leaves with its page's other events.
 */
import type { BeaconBatch, BeaconEvent } from '@tandem/protocol';
import { ads, consentState } from './consent.js';
import { extrasPending } from './extras-loader.js';
import { anyPending, pixels } from './pixels.js';
import { post } from './transport.js';
import { log } from './debug.js';
import { visitor } from './user.js';

/** How long the first event of a batch waits for others. */
const BATCH_DELAY_MS = 1000;
/** How often a timed flush looks again while a pixel or the extras load. */
const RECHECK_MS = 200;
const MAX_EVENTS_PER_BATCH = 50;
/** Far below the 64 KiB keepalive quota that all requests in flight share. */
const MAX_BATCH_CHARACTERS = 16_000;

let events: BeaconEvent[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

export function enqueue(event: BeaconEvent): void {
  events.push(event);
  timer ??= setTimeout(flush, BATCH_DELAY_MS);
}

export function dropQueued(): void {
  events = [];
}

/** Sends what waits; never throws (it also runs from timers, where an error would reach the page). */
export function flush(unloading = false): void {
  try {
    send(unloading);
  } catch (error) {
    if (DEBUG) log('flush failed', error);
  }
}

/** How many of the waiting events fit in one batch (at least one: a single event always fits). */
function batchLength(): number {
  let count = 0;
  let characters = 0;
  while (count < events.length && count < MAX_EVENTS_PER_BATCH) {
    characters += JSON.stringify(events[count]).length;
    if (characters >= MAX_BATCH_CHARACTERS) break;
    count++;
  }
  return Math.max(count, 1);
}

/**
 * Without consent nothing identifies the visitor: no user, no query string, no referrer, and the
 * collector reads no cookie.
 */
function anonymous(event: BeaconEvent): BeaconEvent {
  return { ...event, url: event.url.split(/[?#]/)[0]!, ref: undefined };
}

function send(unloading: boolean): void {
  clearTimeout(timer);
  timer = undefined;
  if (!unloading && (extrasPending() || anyPending())) {
    timer = setTimeout(flush, RECHECK_MS);
    return;
  }
  const granted = ads();
  while (events.length > 0) {
    const batch: BeaconBatch = {
      v: 1,
      consent: consentState(),
      events: events
        .splice(0, batchLength())
        .map((event) => ({ ...(granted ? event : anonymous(event)), pixels })),
    };
    if (granted && visitor.user) batch.user = visitor.user;
    post(JSON.stringify(batch), unloading, granted);
  }
}
