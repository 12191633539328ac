/** Meta: the `fbq` stub from Meta's snippet, `fbevents.js`, and `fbq('track', ..., {eventID})`. */
import type { BeaconEvent } from '@tandem/protocol';
import { config } from './config.js';
import { live, loadPixel } from './pixels.js';

export function startMeta(): void {
  const w = window;
  const n = (w.fbq ||= function (...args: unknown[]) {
    if (n.callMethod) (n.callMethod as (...a: unknown[]) => void)(...args);
    else n.queue.push(args);
  } as NonNullable<Window['fbq']>);
  if (!n.queue) {
    w._fbq ||= n;
    n.push = n;
    n.loaded = true;
    n.version = '2.0';
    n.queue = [];
  }
  n('init', config.meta!.pixel);
  loadPixel('meta', config.meta!.src, () => (n.queue.length = 0));
}

/**
 * Meta's standard events are Tandem's names capitalized (`pageView` -> `PageView`, `purchase` ->
 * `Purchase`, `addToCart` -> `AddToCart`); Meta counts any other name as a custom event. The
 * properties go as custom data (`value`, `currency`, `order_id`, ...), products as `contents`.
 */
export function metaTrack({ id, name, props }: BeaconEvent): void {
  const { products: items, ...rest } = props!;
  if (live('meta'))
    window.fbq!(
      'track',
      name[0]!.toUpperCase() + name.slice(1),
      {
        ...rest,
        ...(items && {
          content_type: 'product',
          contents: items.map((x) => ({ id: x.id, quantity: x.quantity, item_price: x.price })),
        }),
      },
      { eventID: id },
    );
}
