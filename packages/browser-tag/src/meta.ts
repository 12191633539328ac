/**
 * Meta: the `fbq` stub from Meta's snippet, `fbevents.js`, `fbq('init')` with the advanced-matching
 * fields the tag knows (`external_id` from the collector's cookie, `em`/`ph` from `identify`), and
 * `fbq('track', ..., {eventID})`.
 */
import type { BeaconEvent, HashedUser, TagConfig } from '@tandem/protocol';
import { EXTERNAL_ID_COOKIE } from '@tandem/protocol/cookies';
import { config } from './config.js';
import { live, loadPixel } from './pixels.js';
import { readCookie } from './read-cookie.js';
import { capitalized } from './text.js';

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
  fbq('init', meta.pixel, ...matching({}));
  loadPixel('meta', meta.src, () => {
    fbq.queue.length = 0;
  });
}

/**
 * Meta reads advanced-matching fields from `init`: once `identify`'s digests are ready, the pixel
 * is initialized again with them (SHA-256 hex, as the collector sends them to the Conversions API).
 */
export function metaIdentify(user: HashedUser): void {
  const fields = matching(user);
  if (config.meta && live('meta') && fields.length > 0) window.fbq!('init', config.meta.pixel, ...fields);
}

/**
 * `init`'s advanced-matching argument: the fields given plus `external_id`, the collector's digest
 * of its visitor ID from the readable `_tdm_xid` (what the Conversions API gets); none when empty.
 */
function matching(user: HashedUser): [Record<string, string>] | [] {
  const fields = Object.fromEntries(
    Object.entries({ ...user, external_id: readCookie(EXTERNAL_ID_COOKIE) }).filter((field) => field[1]),
  );
  return Object.keys(fields).length > 0 ? [fields as Record<string, string>] : [];
}

/**
 * A shop event under its mapped name (`sentAs`, none when unmapped), another under its own
 * capitalized; Meta counts a name that is not one of its standard events as a custom event. The
 * properties go as custom data (`value`, `currency`, `order_id`, ...), products as `contents`.
 */
export function metaTrack({ id, name, props = {}, sentAs }: BeaconEvent): void {
  const as = sentAs ? sentAs.meta : capitalized(name);
  if (!as || !live('meta')) return;
  const { products, ...customData } = props;
  const contents = products && {
    content_type: 'product',
    contents: products.map((product) => ({
      id: product.id,
      quantity: product.quantity,
      item_price: product.price,
    })),
  };
  window.fbq!('track', as, { ...customData, ...contents }, { eventID: id });
}
