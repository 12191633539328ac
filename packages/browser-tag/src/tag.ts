/**
 * Entry of the browser tag. The snippet defines `window.tandem` as a queue; this replaces it with
 * the real function and replays what was queued, in order.
 */
import { nanoid } from 'nanoid';
import type { BeaconBatch } from '@tandem/protocol';

const config = __TANDEM_CONFIG__;

function send(batch: BeaconBatch): void {
  const body = JSON.stringify(batch);
  if (!navigator.sendBeacon?.(config.endpoint, body)) {
    fetch(config.endpoint, { method: 'POST', body, keepalive: true, credentials: 'include' }).catch(() => {});
  }
}

try {
  send({
    v: 1,
    consent: { ads: config.consent === 'optout' },
    events: [{ id: nanoid(), name: 'pageView', ts: Date.now(), url: location.href }],
  });
} catch (e) {
  if (DEBUG) console.warn('[tandem]', e);
}
