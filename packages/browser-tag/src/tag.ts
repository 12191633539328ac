/**
 * Entry of the browser tag. The snippet defines `window.tandem` as a queue; this replaces it with
 * the real function and replays what was queued, in order, after the automatic `pageView`.
 * Nothing here may throw into the host page: every call and callback is caught.
 */
import { nanoid } from 'nanoid';
import { purchaseEventId } from '@tandem/protocol/event-id';
import {
  ADCT_COOKIE,
  CONSENT_COOKIE,
  FBC_COOKIE,
  FBP_COOKIE,
  GBRAID_COOKIE,
  GCLID_COOKIE,
  MSCLKID_COOKIE,
  SEARCH_COOKIE,
  TTCLID_COOKIE,
  UTM_COOKIE,
  VID_COOKIE,
  WBRAID_COOKIE,
} from '@tandem/protocol/cookies';
import { adrollTrack, startAdroll } from './adroll.js';
import { dropQueued, enqueue, flush, visitor } from './batch.js';
import { captureClickIds } from './click-ids.js';
import { config } from './config.js';
import { ads, setAnswer, waiting } from './consent.js';
import { getCookie, setCookie } from './cookie.js';
import { log } from './debug.js';
import { fit } from './fit.js';
import { hashUser } from './identify.js';
import { metaTrack, startMeta } from './meta.js';
import { cleanProps } from './props.js';
import { storeBeacon } from './retry-queue.js';
import { addSearchClick, loadSearchClicks, saveSearchClicks } from './search.js';
import { replayBeacons } from './transport.js';

type Call = ArrayLike<unknown>;

/** Calls made in an opt-in page before the visitor answered: at most 50, replayed on consent. */
let held: Call[] = [];
let started = false;

/** Everything that needs consent, done once: cookies, the retry queue, the pixels. */
function start(): void {
  const query = new URLSearchParams(location.search);
  const vid = getCookie(VID_COOKIE);
  if (!started) {
    started = true;
    captureClickIds(query);
    setCookie(VID_COOKIE, (visitor.vid = vid && /^[\w-]{8,64}$/.test(vid) ? vid : nanoid()), 'vid');
    if (config.neuroon) {
      loadSearchClicks(query);
      saveSearchClicks();
    }
    replayBeacons();
    if (config.adroll) startAdroll();
    if (config.meta) startMeta();
  }
}

function consent(granted: boolean): void {
  setAnswer(granted);
  if (ads()) start();
  else if (!granted) {
    // what waited for an answer is discarded, and what an earlier "yes" left behind is removed
    held = [];
    dropQueued();
    storeBeacon(false);
    for (const name of [
      VID_COOKIE,
      ADCT_COOKIE,
      GCLID_COOKIE,
      GBRAID_COOKIE,
      WBRAID_COOKIE,
      TTCLID_COOKIE,
      MSCLKID_COOKIE,
      UTM_COOKIE,
      FBC_COOKIE,
      FBP_COOKIE,
      SEARCH_COOKIE,
      CONSENT_COOKIE,
    ])
      if (getCookie(name)) setCookie(name, '');
  }
  // opt-in's default is already no: only a "yes", or an opt-out "no", is remembered
  if (granted || config.consent == 'optout') setCookie(CONSENT_COOKIE, granted ? '1' : '0', 'consent');
  held.splice(0).forEach(call);
}

function track(rawName: unknown, raw?: { event_id?: unknown; order_id?: unknown }): void {
  const name = fit(rawName, 64);
  const given = fit(raw?.event_id, 64);
  const order = fit(raw?.order_id, 1e4);
  const e = {
    id: given?.[7] ? given : name == 'purchase' && order?.trim() ? purchaseEventId(order) : nanoid(),
    name: name!,
    ts: Date.now(),
    url: location.href.slice(0, 2048),
    ref: (name == 'pageView' && document.referrer.slice(0, 2048)) || undefined,
    props: cleanProps(raw),
  };
  if (!name) return void (DEBUG && log('track needs an event name', rawName));
  if (ads()) {
    adrollTrack(e);
    metaTrack(e);
  }
  enqueue(e);
}

function call(args: Call): void {
  try {
    const [cmd, a] = args as [unknown, Record<string, unknown> | undefined];
    if (cmd == 'consent') {
      if (typeof a?.ads == 'boolean') consent(a.ads);
    } else if (waiting()) {
      if (held.length < 50) held.push(args);
    } else if (cmd == 'track') track(a, args[2] as object);
    else if (!ads()) {
      if (DEBUG) log('without ads consent, ignored', args);
    } else if (cmd == 'identify')
      hashUser(a).then(
        (user) => (visitor.user = user),
        (e) => DEBUG && log('identify failed (SubtleCrypto needs https)', e),
      );
    else if (cmd == 'searchClick' && config.neuroon) {
      addSearchClick(a?.product_id, a?.search_log_id);
      saveSearchClicks();
    } else if (DEBUG) log('unknown call', args);
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
