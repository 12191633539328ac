/**
 * Events wait here briefly and leave in batches: a second after the first one, or at once when the
 * page is hidden or left. A timed flush waits while a pixel is still loading (at most
 * `pixelTimeout`), so each event reports whether its pixels delivered it, and while the extras
 * load, so a purchase leaves with its page's other events.
 */
import type { BeaconEvent, HashedUser } from '@tandem/protocol';
import { ads, consentState } from './consent.js';
import { extrasPending } from './extras-loader.js';
import { pixels } from './pixels.js';
import { post } from './transport.js';
import { log } from './debug.js';

let events: BeaconEvent[] = [];
let timer: ReturnType<typeof setTimeout> | undefined;

/** The hashed email and phone from `identify`, sent with every batch that has consent. */
export const visitor: { user?: HashedUser } = {};

export function enqueue(e: BeaconEvent): void {
  events.push(e);
  timer ||= setTimeout(flush, 1000);
}

export function dropQueued(): void {
  events = [];
}

/** Sends what waits; never throws (it also runs from timers, where an error would reach the page). */
export function flush(unloading?: boolean): void {
  try {
    send(unloading);
  } catch (e) {
    if (DEBUG) log('flush failed', e);
  }
}

function send(unloading?: boolean): void {
  const granted = ads();
  clearTimeout(timer);
  timer = undefined;
  if (!unloading && (extrasPending || /p/.test(pixels.adroll + pixels.meta)))
    return void (timer = setTimeout(flush, 200));
  while (events[0]) {
    // at most 16 KB a batch: far below the 64 KiB keepalive quota that all requests in flight share
    let n = 0;
    for (let size = 0; events[n] && n < 50 && (size += JSON.stringify(events[n]).length) < 16e3;) n++;
    post(
      JSON.stringify({
        v: 1,
        consent: consentState(),
        events: events
          .splice(0, n || 1)
          .map((e) => ({ ...e, pixels, ...(!granted && { url: e.url.split(/[?#]/)[0], ref: undefined }) })),
        // without consent nothing identifies the visitor: no user, no query string, no referrer,
        // and the collector reads no cookie
        ...(granted && { user: visitor.user }),
      }),
      !!unloading,
      granted,
    );
  }
}
