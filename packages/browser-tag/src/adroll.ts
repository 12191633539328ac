/** AdRoll: its documented globals and queue stub, `roundtrip.js`, and `adroll.track`. */
import type { BeaconEvent } from '@tandem/protocol';
import { config } from './config.js';
import { live, loadPixel } from './pixels.js';

export function startAdroll(): void {
  const a = config.adroll!;
  const w = window;
  const q = (w.adroll ||= [] as unknown as NonNullable<Window['adroll']>);
  w.adroll_adv_id = a.adv;
  w.adroll_pix_id = a.pix;
  w.adroll_version = '2.0';
  // Tandem calls only `track`; roundtrip.js drains [method, arguments] pairs and replaces the stub
  q.track ||= function () {
    // eslint-disable-next-line prefer-rest-params
    q.push(['track', arguments]);
  };
  loadPixel('adroll', a.src, () => (q.length = 0));
}

/**
 * Every event under its own name, with its properties; purchases as AdRoll documents them
 * (`order_id`, `conversion_value`, `currency`, `products` with `product_id`).
 */
export function adrollTrack({ id, name, props }: BeaconEvent): void {
  if (live('adroll'))
    (window.adroll!.track as (name: string, attributes: object) => void)(name, {
      ...props,
      conversion_value: props!.value,
      products: props!.products?.map((x) => ({ ...x, product_id: x.id })),
      // AdRoll documents no event-ID parameter; this carries Tandem's ID for reconciliation
      event_id: id,
    });
}
