/**
 * `tandem('track', name, props)`: one event to the collector and, with consent, to the pixels,
 * all with one event ID. An explicit `event_id` wins. A purchase's ID is derived from its
 * `order_id`, and any other event's from its name and `id` property, by the extras with the
 * collector's functions, so the server's sends carry the same ID; the extras also let a browser
 * track each such event once. Other events get a random ID.
 */
import type { BeaconEvent, PixelEvents } from '@tandem/protocol';
import { adrollTrack } from './adroll.js';
import { enqueue } from './batch.js';
import { ads } from './consent.js';
import { log } from './debug.js';
import { loadExtras, type Extras } from './extras-loader.js';
import { metaTrack } from './meta.js';
import { config } from './config.js';
import { fitText, randomId } from './text.js';
import { userReady } from './user.js';

export type Props = Record<string, unknown>;
type EventProps = NonNullable<BeaconEvent['props']>;

const MAX_EVENT_NAME_LENGTH = 64;
const MIN_EVENT_ID_LENGTH = 8;
const MAX_EVENT_ID_LENGTH = 64;
/** Longest order ID or shop event ID an event ID is derived from. */
const MAX_SHOP_ID_LENGTH = 10_000;
/** Properties longer than this as JSON are dropped, so every event fits in a beacon. */
const MAX_PROPS_CHARACTERS = 12_000;
const MAX_URL_LENGTH = 2048;

/**
 * Properties go as the page passed them, as plain JSON (the collector drops or coerces bad
 * values, so one odd property never loses its event); `products` must be a list. Anything but an
 * object (none, a string, a list), an oversized object, or one that is not JSON (a cycle, a
 * BigInt), goes as no properties.
 */
function plainProps(raw: unknown): EventProps {
  try {
    const text = JSON.stringify(raw);
    if (text.length >= MAX_PROPS_CHARACTERS) return {};
    const props: unknown = JSON.parse(text);
    if (typeof props !== 'object' || props === null || Array.isArray(props)) return {};
    const plain = props as Props;
    if (!Array.isArray(plain.products)) delete plain.products;
    // the page's own shape: the collector's schema makes it an EventProps
    return plain as EventProps;
  } catch {
    return {};
  }
}

/** TikTok's pixel lives in the extras, started with the tag (`tag.ts`): its calls wait for them. */
function tiktokTrack(event: BeaconEvent): void {
  if (config.tiktok)
    loadExtras().then(
      (extras) => extras.tiktokTrack(event),
      () => undefined,
    );
}

/**
 * Queues an event for the collector and, with consent, for the pixels: under the names in
 * `sentAs` (a shop event, named by the extras' mappings; `{}` for none), else under their own.
 */
function emit(name: string, id: string, raw: unknown, sentAs?: PixelEvents): void {
  const event: BeaconEvent = {
    id,
    name,
    ts: Date.now(),
    url: location.href.slice(0, MAX_URL_LENGTH),
    ref: (name === 'pageView' && document.referrer.slice(0, MAX_URL_LENGTH)) || undefined,
    props: plainProps(raw),
    sentAs,
  };
  if (ads()) {
    try {
      adrollTrack(event);
      metaTrack(event);
      tiktokTrack(event);
    } catch (error) {
      // odd properties (a product that is null) never cost the event its beacon
      if (DEBUG) log('a pixel call failed', event, error);
    }
  }
  enqueue(event);
}

const shopId = (value: unknown): string | undefined =>
  fitText(value, MAX_SHOP_ID_LENGTH)?.trim() || undefined;

/** How the extras find the ID of an event that needs them; undefined when it needs none. */
function derivedId(name: string, props: Props | undefined, given: string | undefined) {
  if (name === 'purchase') {
    const orderId = shopId(props?.order_id);
    return (extras: Extras) => given ?? (orderId ? extras.purchaseEventId(orderId) : randomId());
  }
  const id = shopId(props?.id);
  if (id && !given) return (extras: Extras) => extras.shopEventId(name, id);
  return undefined;
}

/** Tracks an event; `sentAs` of `{}` keeps it from the pixels (an event for the collector only). */
export function track(rawName: unknown, props?: Props, sentAs?: PixelEvents): void {
  const name = fitText(rawName, MAX_EVENT_NAME_LENGTH);
  if (!name) {
    if (DEBUG) log('track needs an event name', rawName);
    return;
  }
  const explicit = fitText(props?.event_id, MAX_EVENT_ID_LENGTH);
  const given = explicit && explicit.length >= MIN_EVENT_ID_LENGTH ? explicit : undefined;
  const derive = derivedId(name, props, given);
  if (!derive) {
    emit(name, given ?? randomId(), props, sentAs);
    return;
  }
  // the pixels get the event after identify's digests (Meta reads them from its `init`)
  Promise.all([loadExtras(), userReady()]).then(
    ([extras]) => {
      const id = derive(extras);
      if (!ads() || extras.firstTime(id)) emit(name, id, props, sentAs ?? extras.sentAs(name));
      else if (DEBUG) log('already tracked in this browser', id);
    },
    (error: unknown) => {
      // without the extras the event still reaches the collector, but no pixel: an ID the
      // server cannot share would make the platforms count it twice
      if (DEBUG) log('extras unavailable', error);
      emit(name, given ?? randomId(), props, {});
    },
  );
}
