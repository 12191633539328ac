/**
 * Meta: the `fbq` stub from Meta's snippet, `fbevents.js`, `fbq('init')` with the advanced-matching
 * fields the tag knows, and `fbq('track', ..., {eventID})`.
 */
import type { BeaconEvent, HashedUser, TagConfig } from '@tandem/protocol';
import { config } from './config.js';
import { live, loadPixel } from './pixels.js';

type Fbq = NonNullable<Window['fbq']>;

export function startMeta(meta: NonNullable<TagConfig['meta']>): void {
  const fbq = (window.fbq ||= function (...args: unknown[]) {
    if (fbq.callMethod) (fbq.callMethod as (...a: unknown[]) => void)(...args);
    else fbq.queue.push(args);
  } as Fbq);
  if (!fbq.queue) {
    window._fbq ||= fbq;
    fbq.push = fbq;
    fbq.loaded = true;
    fbq.version = '2.0';
    fbq.queue = [];
  }
  fbq('init', meta.pixel);
  loadPixel('meta', meta.src, () => {
    fbq.queue.length = 0;
  });
}

/**
 * Meta reads advanced-matching fields from `init`: once `identify`'s digests are ready, the pixel
 * is initialized again with them (SHA-256 hex, as the collector sends them to the Conversions API).
 */
export function metaIdentify(user: HashedUser): void {
  const fields = Object.fromEntries(Object.entries(user).filter((field) => field[1] !== undefined));
  if (config.meta && live('meta') && Object.keys(fields).length > 0)
    window.fbq!('init', config.meta.pixel, fields);
}

/** Meta's standard events are Tandem's names capitalized (`pageView` -> `PageView`, ...). */
const metaEventName = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * Meta counts a name that is not one of its standard events as a custom event. The properties go
 * as custom data (`value`, `currency`, `order_id`, ...), products as `contents`.
 */
export function metaTrack({ id, name, props = {} }: BeaconEvent): void {
  if (!live('meta')) return;
  const { products, ...customData } = props;
  const contents = products && {
    content_type: 'product',
    contents: products.map((product) => ({
      id: product.id,
      quantity: product.quantity,
      item_price: product.price,
    })),
  };
  window.fbq!('track', metaEventName(name), { ...customData, ...contents }, { eventID: id });
}
