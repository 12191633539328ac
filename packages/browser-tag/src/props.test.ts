import { describe, expect, it } from 'vitest';
import { EventProps } from '@tandem/protocol';
import { cleanProps } from './props.js';

describe('cleanProps', () => {
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
    expect(cleanProps(purchase)).toEqual(purchase);
  });

  it('cuts what the page passes to what the collector accepts', () => {
    const cleaned = cleanProps({
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
      sym: Symbol('s'),
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
    expect(EventProps.parse(cleaned)).toEqual(cleaned);
  });

  it('drops values of the wrong type for the known fields', () => {
    expect(cleanProps({ order_id: { id: 1 }, value: -3, currency: 'EURO', products: 'sku-1' })).toEqual({});
    expect(cleanProps({ value: '', currency: ['EUR'] })).toEqual({ value: 0 });
  });

  it('takes nothing from a non-object, and at most 30 keys from a huge one', () => {
    for (const raw of [undefined, null, 'purchase', 42, true]) expect(cleanProps(raw)).toEqual({});
    const huge = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    expect(Object.keys(cleanProps(huge))).toHaveLength(30);
  });
});
