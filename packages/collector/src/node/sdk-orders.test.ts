import { describe, expect, it } from 'vitest';
import type { Storage } from '../storage/types.js';
import { order, SERVER_KEY, setup } from '../test-helpers.js';
import { tandemClient, TandemRequestError } from './http-client.js';
import { tandemServer, type TandemOrders } from './sdk.js';

/** The same calls, in-process or over HTTP (the client's fetch answered by the app in memory). */
function sdkFor(name: string): { storage: Storage; sdk: TandemOrders } {
  const { app, storage } = setup({ defaultPhoneCountryCode: '1' }, { destinations: ['meta'] });
  const sdk =
    name === 'in-process'
      ? tandemServer(app)
      : tandemClient({
          url: 'http://shop.test/app-data/',
          serverKey: SERVER_KEY,
          fetch: (input, init) => Promise.resolve(app.request(String(input), init)),
        });
  return { storage, sdk };
}

const errorOf = (call: Promise<unknown>) =>
  call.then(
    () => undefined,
    (e: unknown) =>
      e instanceof TandemRequestError ? { status: e.status, code: e.detail.code, where: e.detail.where } : e,
  );

describe.each(['in-process', 'HTTP client'])('%s SDK', (name) => {
  it('takes the customer fields of the SDK type and stores them hashed', async () => {
    const { storage, sdk } = sdkFor(name);
    await sdk.recordOrder({
      ...order(),
      first_name: 'Mary',
      country: 'US',
      gender: 'm',
      date_of_birth: '19970216',
    });
    expect((await storage.getOrder('purchase', '1001'))?.user).toEqual({
      fn: '6915771be1c5aa0c886870b6951b03d7eafc121fea0e80a5ea83beb7c449f4ec',
      country: '79adb2a2fce5c6ba215fe5f27f532d4e7edbac4b6a5e09e1ef3a08084a904621',
      ge: '62c66a7a5dd70c3146618063c344e531e6d4b59e379808443ce962b3abd63c5a',
      db: '01acdbf6ec7b4f478a225f1a246e5d6767eeab1a7ffa17f025265b5b94f40f0c',
    });
  });

  it('throws TandemRequestError 409 for a used event ID and 400 for a future confirmed_at', async () => {
    const { storage, sdk } = sdkFor(name);
    await sdk.recordOrder({ ...order(), event_id: 'shop-evt-1001' });
    expect([
      await errorOf(sdk.recordOrder({ ...order({ order_id: '1002' }), event_id: 'shop-evt-1001' })),
      await errorOf(sdk.recordRefund({ ...order(), event_id: 'shop-evt-1001' })),
      await errorOf(sdk.recordOrder({ ...order({ order_id: '1003' }), confirmed_at: 8.7e15 })),
    ]).toEqual([
      { status: 409, code: 'event_id_in_use', where: 'event_id' },
      { status: 409, code: 'event_id_in_use', where: 'event_id' },
      { status: 400, code: 'invalid_order', where: 'confirmed_at' },
    ]);
    expect((await storage.listOutbox({})).map((r) => r.eventId)).toEqual(['shop-evt-1001']);
  });
});
