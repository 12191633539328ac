/** AdRoll: its documented globals and queue stub, `roundtrip.js`, and `adroll.track`. */
import type { BeaconEvent, TagConfig } from '@tandem/protocol';
import { live, loadPixel } from './pixels.js';

type AdrollTrack = (name: string, attributes: object) => void;

export function startAdroll(adroll: NonNullable<TagConfig['adroll']>): void {
  const queue = (window.adroll ||= [] as unknown as NonNullable<Window['adroll']>);
  window.adroll_adv_id = adroll.adv;
  window.adroll_pix_id = adroll.pix;
  window.adroll_version = '2.0';
  // Tandem calls only `track`; roundtrip.js drains [method, arguments] pairs and replaces the stub
  queue.track ||= function () {
    // eslint-disable-next-line prefer-rest-params
    queue.push(['track', arguments]);
  };
  loadPixel('adroll', adroll.src, () => {
    queue.length = 0;
  });
}

/**
 * A shop event under its mapped name (`sentAs`, none when unmapped), another under its own, with
 * its properties; purchases as AdRoll documents them (`order_id`, `conversion_value`, `currency`,
 * `products` with `product_id`).
 */
export function adrollTrack({ id, name, props = {}, sentAs }: BeaconEvent): void {
  const as = sentAs ? sentAs.adroll : name;
  if (!as || !live('adroll')) return;
  (window.adroll!.track as AdrollTrack)(as, {
    ...props,
    conversion_value: props.value,
    products: props.products?.map((product) => ({ ...product, product_id: product.id })),
    // AdRoll documents no event-ID parameter; this carries Tandem's ID for reconciliation
    event_id: id,
  });
}
