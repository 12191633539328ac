/**
 * Sending batches. While the page lives, `fetch` with `keepalive` posts them and reads the answer:
 * a batch stays in the retry queue until the collector acknowledges it (2xx, or a 4xx no retry
 * would fix). When the page is hidden or left, `navigator.sendBeacon` takes over (the transport
 * browsers finish after unload; it reports no answer), falling back to `fetch`. Bodies are
 * text/plain JSON, so no CORS preflight.
 */
import { config } from './config.js';
import { pendingBeacons, storeBeacon } from './retry-queue.js';

/** Posts one batch; `retry` keeps it in the queue until acknowledged (only with consent). */
export function post(body: string, unloading: boolean, retry: boolean): void {
  const done = () => retry && storeBeacon(false, body);
  if (retry) storeBeacon(true, body);
  if (unloading && navigator.sendBeacon?.(config.endpoint, body)) done();
  else
    fetch(config.endpoint, { method: 'POST', body, keepalive: true }).then(
      (r) => /^(2|4(?!08|29))/.test('' + r.status) && done(),
      () => 0, // unreachable: the batch waits in the retry queue for the next page
    );
}

/** Replays what earlier pages could not deliver. */
export function replayBeacons(): void {
  for (const e of pendingBeacons()) post(e[1], false, true);
}
