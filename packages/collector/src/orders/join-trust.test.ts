import { COOKIES, purchaseEventId } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { trustedBeacon } from '../delivery/conversion.js';
import type { DestinationSettings } from '../storage/types.js';
import { beacon, NOW, order, postBeacon, postOrder, setup } from '../test-helpers.js';

const EVENT_ID = purchaseEventId('1001');
const CUSTOMER = 'vid-customer1';
const GRACE_MS = 300_000;

const adrollOn: DestinationSettings = {
  destination: 'adroll',
  enabled: true,
  mapping: { purchase: 'purchase' },
  options: { advertisableEid: 'ADV1', pixelEid: 'PIX1', attributionAware: false },
  updatedAt: NOW,
};

/** A purchase beacon for order 1001 claiming the AdRoll pixel counted it, from `vid`. */
const purchaseBeacon = (vid: string) =>
  beacon({
    vid,
    ids: { adct: `adct-of-${vid}` },
    events: [
      {
        id: EVENT_ID,
        name: 'purchase',
        ts: NOW,
        url: `https://shop.test/thanks?by=${vid}`,
        props: { order_id: '1001', value: 42.5, currency: 'EUR' },
        pixels: { adroll: 'loaded', meta: 'loaded' },
      },
    ],
  });

async function orderAfterBeacon(beaconVid: string, cookies: Record<string, string>) {
  const { app, storage } = setup({}, { destinations: ['adroll'] });
  await storage.putSettings(adrollOn);
  expect((await postBeacon(app, purchaseBeacon(beaconVid))).status).toBe(204);
  expect((await postOrder(app, order({ consent: { ads: true }, cookies }))).status).toBe(201);
  return storage.listOutbox({});
}

const conversion = (extra: Record<string, unknown>) => ({
  eventId: EVENT_ID,
  shopEvent: 'purchase',
  platformEvent: 'purchase',
  time: NOW,
  orderId: '1001',
  value: 42.5,
  currency: 'EUR',
  lines: [{ productId: 'p1', quantity: 2, price: 21.25 }],
  user: {},
  consent: { ads: true },
  ...extra,
});

describe("the join trusts a purchase beacon only from the order's own visitor", () => {
  it("takes the pixel state, click IDs and page of the customer's own beacon", async () => {
    const rows = await orderAfterBeacon(CUSTOMER, { [COOKIES.vid]: CUSTOMER });
    expect(rows).toEqual([
      {
        id: 1,
        destination: 'adroll',
        eventId: EVENT_ID,
        payload: conversion({
          pageUrl: `https://shop.test/thanks?by=${CUSTOMER}`,
          ids: { adct: `adct-of-${CUSTOMER}` },
          adctSeenAt: NOW,
          visitorId: CUSTOMER,
          visitorFirstSeen: NOW,
          pixels: { adroll: 'loaded', meta: 'loaded' },
        }),
        status: 'pending',
        attempts: 0,
        createdAt: NOW,
        // The pixel reported: no grace period; at send time the row settles as delivered by it.
        nextAttemptAt: NOW,
      },
    ]);
  });

  it("ignores a stranger's beacon carrying the order's event ID: the server still sends it", async () => {
    const rows = await orderAfterBeacon('vid-stranger', { [COOKIES.vid]: CUSTOMER });
    expect(rows).toEqual([
      {
        id: 1,
        destination: 'adroll',
        eventId: EVENT_ID,
        payload: conversion({ ids: {}, visitorId: CUSTOMER, visitorFirstSeen: NOW }),
        status: 'pending',
        attempts: 0,
        createdAt: NOW,
        nextAttemptAt: NOW + GRACE_MS,
        reason: "waiting for AdRoll's pixel",
      },
    ]);
  });

  it('gives an order whose cookies name no visitor no beacon at all', async () => {
    const rows = await orderAfterBeacon('vid-stranger', { [COOKIES.adct]: 'adct-own' });
    expect(rows).toEqual([
      {
        id: 1,
        destination: 'adroll',
        eventId: EVENT_ID,
        payload: conversion({ ids: { adct: 'adct-own' }, adctSeenAt: NOW }),
        status: 'pending',
        attempts: 0,
        createdAt: NOW,
        nextAttemptAt: NOW + GRACE_MS,
        reason: "waiting for AdRoll's pixel",
      },
    ]);
  });

  it('applies the same rule to a beacon read after the order (the engine path)', () => {
    const stored = {
      id: EVENT_ID,
      name: 'purchase',
      visitorId: CUSTOMER,
      receivedAt: NOW,
      url: 'https://shop.test/thanks',
      props: undefined,
      pixels: { adroll: 'loaded' as const },
      consent: { ads: true },
      ids: undefined,
    };
    expect([
      trustedBeacon(stored, CUSTOMER),
      trustedBeacon(stored, 'vid-other01'),
      trustedBeacon(stored, undefined),
      trustedBeacon(undefined, CUSTOMER),
    ]).toEqual([stored, undefined, undefined, undefined]);
  });
});
