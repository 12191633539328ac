/**
 * Entry of the browser tag. The snippet defines `window.tandem` as a queue; this replaces it with
 * the real function and replays what was queued, in order, after the automatic `pageView`.
 * Nothing here may throw into the host page: every call and callback is caught.
 */
import type { BeaconEvent } from '@tandem/protocol';
import { FBP_COOKIE } from '@tandem/protocol/cookies';
import { adrollTrack, startAdroll } from './adroll.js';
import { dropQueued, enqueue, flush, visitor } from './batch.js';
import { config } from './config.js';
import { ads, setAnswer, waiting } from './consent.js';
import { getCookie } from './cookie.js';
import { log } from './debug.js';
import { loadExtras } from './extras-loader.js';
import { metaTrack, startMeta } from './meta.js';
import { fit, randomId } from './text.js';
import { replayBeacons } from './transport.js';

type Call = ArrayLike<unknown>;
type Props = Record<string, unknown>;

/** Calls made in an opt-in page before the visitor answered: at most 50, replayed on consent. */
let held: Call[] = [];
let started = false;

const noop = (e?: unknown) => DEBUG && log('extras unavailable', e);

/** Everything that needs consent, done once: click IDs, `_fbp`, the retry queue, the pixels. */
function start(): void {
  if (!started) {
    started = true;
    // gclid, fbclid, ttclid, msclkid; gbraid, wbraid; adct; utm_*
    if (/clid|braid|adct|utm_/.test(location.search) || (config.meta && !getCookie(FBP_COOKIE)))
      loadExtras().then((x) => x.capture(), noop);
    replayBeacons();
    if (config.adroll) startAdroll();
    if (config.meta) startMeta();
  }
}

/** A consent answer: what waited for a "no" is discarded; the extras remember the answer. */
function consent(granted: boolean): void {
  setAnswer(granted);
  if (ads()) start();
  else if (!granted) {
    held = [];
    dropQueued();
  }
  loadExtras().then((x) => x.rememberAnswer(granted), noop);
  held.splice(0).forEach(call);
}

/**
 * Properties go as the page passed them, as plain JSON (the collector drops or coerces bad
 * values, so one odd property never loses its event); `products` must be a list. An event must
 * fit in a beacon (16 KiB): an oversized one, or one that is not JSON, goes without properties.
 */
function plain(raw: unknown): BeaconEvent['props'] {
  try {
    const text = JSON.stringify(raw);
    const p = typeof raw == 'object' && text.length < 12e3 && JSON.parse(text);
    // the page's own shape: the collector's schema makes it an EventProps
    if (p)
      return ((p.products = Array.isArray(p.products) ? p.products : undefined), p as BeaconEvent['props']);
  } catch {
    // a cycle or a BigInt
  }
  return {};
}

/** Queues an event for the collector and, unless `toPixels` is 0, for the pixels. */
function emit(name: string, id: string, raw: unknown, toPixels: unknown): void {
  const e = {
    id,
    name,
    ts: Date.now(),
    url: location.href.slice(0, 2048),
    ref: (name == 'pageView' && document.referrer.slice(0, 2048)) || undefined,
    props: plain(raw),
  };
  try {
    if (ads() && toPixels) {
      adrollTrack(e);
      metaTrack(e);
    }
  } catch (x) {
    // odd properties (a product that is null) never cost the event its beacon
    if (DEBUG) log('a pixel call failed', e, x);
  }
  enqueue(e);
}

/**
 * An explicit `event_id` (8 to 64 characters) wins; a purchase's ID is derived from its order ID
 * by the extras, which also let a browser track each purchase once; other events get a random ID.
 * Without the extras (blocked, offline) a purchase still reaches the collector, but no pixel: the
 * collector then delivers it server-to-server, counted once.
 */
function track(rawName: unknown, raw?: Props, toPixels = 1): void {
  const name = fit(rawName, 64);
  const given = fit(raw?.event_id, 64);
  const order = fit(raw?.order_id, 1e4)?.trim();
  const id = given?.[7] && given;
  if (!name) return void (DEBUG && log('track needs an event name', rawName));
  if (name != 'purchase') return emit(name, id || randomId(), raw, toPixels);
  loadExtras().then(
    (x) => {
      const purchaseId = id || (order ? x.purchaseEventId(order) : randomId());
      if (!ads() || x.firstTime(purchaseId)) emit(name, purchaseId, raw, 1);
      else if (DEBUG) log('purchase already tracked', purchaseId);
    },
    (e) => (noop(e), emit(name, id || randomId(), raw, 0)),
  );
}

function call(args: Call): void {
  try {
    const [cmd, a] = args as [unknown, Props | undefined];
    if (cmd == 'consent') {
      if (typeof a?.ads == 'boolean') consent(a.ads);
    } else if (waiting()) {
      if (held.length < 50) held.push(args);
    } else if (cmd == 'track') track(a, args[2] as Props);
    else if (!ads()) {
      if (DEBUG) log('without ads consent, ignored', args);
    } else if (cmd == 'identify')
      loadExtras()
        .then((x) => x.hashUser(a))
        .then((user) => (visitor.user = user), noop);
    // the collector keeps the search map; a click is an event for it, not for the pixels
    else if (cmd == 'searchClick') track(cmd, a, 0);
    else if (DEBUG) log('unknown call', args);
  } catch (e) {
    if (DEBUG) log('ignored a call that failed', args, e);
  }
}

const w = window;
if (!w.tandem?.l) {
  const queued = Array.from(w.tandem?.q || []);
  (w.tandem = function () {
    // eslint-disable-next-line prefer-rest-params
    call(arguments);
  } as NonNullable<Window['tandem']>).l = 1;
  try {
    if (ads()) start();
  } catch (e) {
    if (DEBUG) log('start failed', e);
  }
  call(['track', 'pageView']);
  queued.forEach(call);
  addEventListener('pagehide', () => flush(true));
  document.addEventListener('visibilitychange', () => document.hidden && flush(true));
}
