/** Order shapes shared by the destination golden tests and the engine tests. */
import type { Conversion } from '../delivery/conversion.js';

export const T0 = Date.parse('2026-11-20T12:00:00.000Z');
export const EM = '8c87b489ce35cf2e2f39f80e282cb2e804932a56a213983eeeb428407d43b52d';
export const PH = 'dabf1db2d2243059d25ffb05f283e7d409ca3861b356004b9606bddcec5e724e';

/** A purchase by a visitor Tandem knows well: click IDs, cookies, hashed email and phone. */
export function fullPurchase(overrides: Partial<Conversion> = {}): Conversion {
  return {
    eventId: 'o_00000000001abcdefghijk',
    shopEvent: 'purchase',
    platformEvent: 'purchase',
    time: T0,
    orderId: '1001',
    value: 59.9,
    currency: 'EUR',
    lines: [
      { productId: 'sku-1', quantity: 2, price: 19.95, category: 'shoes', searchLogId: 'sl_1' },
      { productId: 'sku-2', quantity: 1, price: 20 },
    ],
    pageUrl: 'https://shop.example/checkout/thanks?order=1001',
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
    user: { em: EM, ph: PH },
    ids: {
      adct: 'adct-xyz',
      fbc: 'fb.1.1763640000000.IwAR0abc',
      fbp: 'fb.1.1763600000000.123456789',
      adroll_fpc: 'a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6-1763600000000',
    },
    adctSeenAt: T0 - 86_400_000,
    visitorId: 'vis_0001',
    consent: { ads: true },
    pixels: { adroll: 'blocked', meta: 'blocked' },
    ...overrides,
  };
}

/**
 * A purchase with nothing but the order and the page context the engine found for it: no
 * cookies, no user data, no pixel state.
 */
export function barePurchase(overrides: Partial<Conversion> = {}): Conversion {
  return {
    eventId: 'o_00000000002abcdefghijk',
    shopEvent: 'purchase',
    platformEvent: 'purchase',
    time: T0,
    orderId: '1002',
    value: 10,
    currency: 'USD',
    lines: [{ productId: 'sku-9', quantity: 1, price: 10 }],
    pageUrl: 'https://shop.example/thanks',
    ip: '2001:db8:1234:5678::9',
    user: {},
    ids: {},
    visitorId: 'vis_0001',
    visitorFirstSeen: T0 - 3 * 86_400_000,
    consent: { ads: true },
    ...overrides,
  };
}

/** A lead (a server-side event, no order lines, no value) from a visitor who came through ads. */
export function lead(overrides: Partial<Conversion> = {}): Conversion {
  return {
    eventId: 'e_00000000003abcdefghijk',
    shopEvent: 'lead',
    platformEvent: 'formFill',
    time: T0,
    orderId: 'L-42',
    lines: [],
    pageUrl: 'https://shop.example/contact/thanks/L-42',
    ip: '203.0.113.7',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0',
    user: { em: EM },
    ids: { adct: 'adct-xyz', fbc: 'fb.1.1763640000000.IwAR0abc' },
    adctSeenAt: T0 - 86_400_000,
    visitorId: 'vis_0001',
    visitorFirstSeen: T0 - 3 * 86_400_000,
    consent: { ads: true },
    pixels: { adroll: 'blocked', meta: 'blocked' },
    ...overrides,
  };
}
