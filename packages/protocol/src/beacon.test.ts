import { describe, expect, it } from 'vitest';
import { BeaconBatch, EventProps } from './beacon.js';

const event = (props: unknown) => ({
  id: 'evt-00000001',
  name: 'purchase',
  ts: 1,
  url: 'https://shop.example/',
  props,
});
const batch = (events: unknown[]) => ({ v: 1, consent: { ads: true }, events });

describe('EventProps', () => {
  it('keeps a well-formed purchase as it is', () => {
    const purchase = {
      order_id: '1001',
      value: 12.5,
      currency: 'EUR',
      products: [{ id: 'a', price: 12.5, quantity: 1, category: 'c' }],
      coupon: 'FALL',
      gift: false,
      note: null,
    };
    expect(EventProps.parse(purchase)).toEqual(purchase);
  });

  it('drops or coerces bad values instead of refusing the event', () => {
    const cleaned = EventProps.parse({
      order_id: 1001,
      value: '12.50',
      currency: 'eur',
      products: [
        { id: 7, price: '3', quantity: 2, name: 'dropped: not in the schema' },
        { id: 'q', quantity: 2.5 },
        { id: 'z', quantity: 0, price: -1 },
        { price: 1 },
        null,
        'sku',
        { id: 'x'.repeat(201) },
      ],
      text: 'y'.repeat(1000),
      nested: { a: 1 },
      list: [1, 2],
      nan: NaN,
      inf: Infinity,
      fn: () => 1,
      big: 10n,
      event_id: 'never a property',
      ['k'.repeat(65)]: 'too long a key',
    });
    expect(cleaned).toEqual({
      order_id: '1001',
      value: 12.5,
      currency: 'EUR',
      products: [{ id: '7', price: 3, quantity: 2 }, { id: 'q' }, { id: 'z' }],
      text: 'y'.repeat(500),
    });
    // dropped keys are gone, not present as undefined (the collector stores this object)
    expect(Object.keys(cleaned)).toEqual(['order_id', 'value', 'currency', 'products', 'text']);
    expect(Object.keys(cleaned.products![1]!)).toEqual(['id']);
  });

  it('drops values of the wrong type for the known fields', () => {
    expect(EventProps.parse({ order_id: { id: 1 }, value: -3, currency: 'EURO', products: 'sku-1' })).toEqual(
      {},
    );
    expect(EventProps.parse({ value: '', currency: ['EUR'], order_id: '' })).toEqual({});
    expect(EventProps.parse({ value: ' 7 ' })).toEqual({ value: 7 });
  });

  it('keeps at most 30 properties and 200 products', () => {
    const huge = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(EventProps.parse(huge))).toHaveLength(30);
    const products = Array.from({ length: 300 }, (_, i) => ({ id: `p${i}` }));
    expect(EventProps.parse({ products }).products).toEqual(products.slice(0, 200));
  });
});

describe('BeaconBatch', () => {
  it('keeps an event whose properties are not an object, without them', () => {
    for (const props of ['purchase', 42, [1], null])
      expect(BeaconBatch.parse(batch([event(props)])).events).toEqual([{ ...event(undefined) }]);
  });

  it('keeps every event of a batch when one has bad properties', () => {
    const parsed = BeaconBatch.parse(batch([event({ value: 'lots' }), event({ value: 3 })]));
    expect(parsed.events.map((e) => e.props)).toEqual([{}, { value: 3 }]);
  });

  it('stays strict on the batch itself: event count, IDs, names', () => {
    expect(BeaconBatch.safeParse(batch([])).success).toBe(false);
    expect(BeaconBatch.safeParse(batch(Array.from({ length: 51 }, () => event({})))).success).toBe(false);
    expect(BeaconBatch.safeParse(batch([{ ...event({}), id: 'short' }])).success).toBe(false);
    expect(BeaconBatch.safeParse(batch([{ ...event({}), name: '' }])).success).toBe(false);
    expect(BeaconBatch.safeParse({ ...batch([event({})]), extra: 1 }).success).toBe(false);
  });
});
