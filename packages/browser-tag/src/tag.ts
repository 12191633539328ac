/**
 * Entry of the browser tag. The snippet defines `window.tandem` as a queue; this replaces it with
 * the real function and replays what was queued, in order, after the automatic `pageView`.
 * Nothing here may throw into the host page: every call and callback is caught.
 */
import { FBP_COOKIE } from '@tandem/protocol/cookies';
import { startAdroll } from './adroll.js';
import { dropQueued, flush } from './batch.js';
import { config } from './config.js';
import { ads, setAnswer, waiting } from './consent.js';
import { log } from './debug.js';
import { loadExtras } from './extras-loader.js';
import { startMeta } from './meta.js';
import { loadPixel } from './pixels.js';
import { readCookie } from './read-cookie.js';
import { track, type Props } from './track.js';
import { replayBeacons } from './transport.js';
import { identify } from './user.js';

type Call = ArrayLike<unknown>;

/** Calls an opt-in page holds before the visitor answered, replayed on consent. */
const MAX_HELD_CALLS = 50;
/** A landing URL the extras capture: gclid, fbclid, ttclid, msclkid; gbraid, wbraid; adct; utm_*. */
const CLICK_ID_PARAMETER = /clid|braid|adct|utm_/;

let held: Call[] = [];
let started = false;

const extrasFailed = (error: unknown) => {
  if (DEBUG) log('extras unavailable', error);
};

/**
 * Everything that needs consent, done once: click IDs, `_fbp`, the retry queue, the pixels (the
 * extras start TikTok's).
 */
function start(): void {
  if (started) return;
  started = true;
  const newMetaVisitor = config.meta !== undefined && readCookie(FBP_COOKIE) === undefined;
  if (CLICK_ID_PARAMETER.test(location.search) || newMetaVisitor || config.tiktok)
    loadExtras().then((extras) => extras.start(loadPixel), extrasFailed);
  replayBeacons();
  if (config.adroll) startAdroll(config.adroll);
  if (config.meta) startMeta(config.meta);
}

/** A consent answer: what waited for a "no" is discarded; the extras remember the answer. */
function consent(granted: boolean): void {
  setAnswer(granted);
  if (ads()) start();
  else if (!granted) {
    held = [];
    dropQueued();
  }
  loadExtras().then((extras) => extras.rememberAnswer(granted), extrasFailed);
  held.splice(0).forEach(call);
}

function call(args: Call): void {
  try {
    const command = args[0];
    const first = args[1] as Props | undefined;
    if (command === 'consent') {
      if (typeof first?.ads === 'boolean') consent(first.ads);
    } else if (waiting()) {
      if (held.length < MAX_HELD_CALLS) held.push(args);
    } else if (command === 'track') {
      track(first, args[2] as Props | undefined);
    } else if (!ads()) {
      if (DEBUG) log('without ads consent, ignored', args);
    } else if (command === 'identify') {
      identify(first);
    } else if (command === 'searchClick') {
      // the collector keeps the search map; a click is an event for it, not for the pixels
      track(command, first, {});
    } else if (DEBUG) log('unknown call', args);
  } catch (error) {
    if (DEBUG) log('ignored a call that failed', args, error);
  }
}

function install(): void {
  const queued = Array.from(window.tandem?.q ?? []);
  const api = function () {
    // eslint-disable-next-line prefer-rest-params
    call(arguments);
  } as NonNullable<Window['tandem']>;
  api.l = 1;
  window.tandem = api;
  try {
    if (ads()) start();
  } catch (error) {
    if (DEBUG) log('start failed', error);
  }
  call(['track', 'pageView']);
  queued.forEach(call);
  addEventListener('pagehide', () => flush(true));
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) flush(true);
  });
}

if (!window.tandem?.l) install();
