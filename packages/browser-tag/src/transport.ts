/**
 * Sending batches. While the page lives, `fetch` with `keepalive` posts them and reads the answer:
 * a batch stays in the retry queue until the collector acknowledges it (2xx, or a 4xx no retry
 * would fix). When the page is hidden or left, `navigator.sendBeacon` takes over (the transport
 * browsers finish after unload; it reports no answer), falling back to `fetch`. Bodies are
 * text/plain JSON, so no CORS preflight.
 */
import { config } from './config.js';
import { forgetBeacon, keepBeacon, pendingBeacons } from './retry-queue.js';

/** 4xx answers a retry could fix: request timeout and too many requests. */
const RETRIED_CLIENT_ERRORS = [408, 429];

/** The collector took the batch, or refused it for good: either way, no retry. */
const acknowledged = (status: number): boolean =>
  (status >= 200 && status < 300) ||
  (status >= 400 && status < 500 && !RETRIED_CLIENT_ERRORS.includes(status));

/** Posts one batch; `retry` keeps it in the queue until acknowledged (only with consent). */
export function post(body: string, unloading: boolean, retry: boolean): void {
  if (retry) keepBeacon(body);
  const delivered = () => {
    if (retry) forgetBeacon(body);
  };
  if (unloading && navigator.sendBeacon?.(config.endpoint, body)) {
    delivered();
    return;
  }
  fetch(config.endpoint, { method: 'POST', body, keepalive: true }).then(
    (response) => {
      if (acknowledged(response.status)) delivered();
    },
    () => {
      // unreachable: the batch waits in the retry queue for the next page
    },
  );
}

/** Replays what earlier pages could not deliver. */
export function replayBeacons(): void {
  for (const [, body] of pendingBeacons()) post(body, false, true);
}
