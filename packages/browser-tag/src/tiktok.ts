/**
 * TikTok (an extra: the tag's own budget has no room for it): the `ttq` queue stub from TikTok's
 * snippet, its `events.js`, `ttq.page()` for a page view and `ttq.track(event, properties,
 * {event_id})` for the rest. Shop events go under the names the collector's TikTok destination
 * maps them to (`sent-as.ts`), since TikTok merges the pixel's event with the server's only when
 * names and event IDs are equal; other events capitalized, as TikTok's standard events are named
 * (`addToCart` -> `AddToCart`).
 */
import type { BeaconEvent, TagConfig } from '@tandem/protocol';
import type { LoadPixel } from './extras-loader.js';
import { capitalized } from './text.js';

type Ttq = NonNullable<Window['ttq']>;

/** The stub's methods: the ones Tandem calls (TikTok's snippet lists more; `events.js` adds them). */
const METHODS = ['page', 'track', 'identify'];
/** The global TikTok's `events.js` looks for (its snippet's `TiktokAnalyticsObject`). */
const GLOBAL_NAME = 'ttq';

/** Set once the script counts as blocked: the stub's queue was emptied and takes no more calls. */
let blocked = false;

export function startTiktok(tiktok: NonNullable<TagConfig['tiktok']>, loadPixel: LoadPixel): void {
  window.TiktokAnalyticsObject = GLOBAL_NAME;
  const ttq = (window.ttq ||= [] as unknown as Ttq);
  for (const method of METHODS)
    ttq[method] ||= (...args: unknown[]) => {
      ttq.push([method, ...args]);
    };
  // what TikTok's snippet records in `ttq.load(pixel)`: the pixel, its script, when and options
  ttq._i ||= {};
  ttq._i[tiktok.pixel] = Object.assign([], { _u: tiktok.src });
  ttq._t = { ...ttq._t, [tiktok.pixel]: Date.now() };
  ttq._o = { ...ttq._o, [tiktok.pixel]: {} };
  const src = `${tiktok.src}?sdkid=${encodeURIComponent(tiktok.pixel)}&lib=${GLOBAL_NAME}`;
  loadPixel('tiktok', src, () => {
    blocked = true;
    ttq.length = 0;
  });
}

/**
 * A page view as `ttq.page()`; a shop event under its mapped name (`sentAs`, none when unmapped);
 * another capitalized; properties, products as `contents`.
 */
export function tiktokTrack({ id, name, props = {}, sentAs }: BeaconEvent): void {
  const ttq = window.ttq;
  const event = sentAs ? sentAs.tiktok : capitalized(name);
  if (!ttq || blocked || !event) return;
  if (name === 'pageView') {
    ttq.page();
    return;
  }
  const { products, ...properties } = props;
  const contents = products && {
    content_type: 'product',
    contents: products.map((product) => ({
      content_id: product.id,
      content_type: 'product',
      quantity: product.quantity,
      price: product.price,
    })),
  };
  ttq.track(event, { ...properties, ...contents }, { event_id: id });
}
