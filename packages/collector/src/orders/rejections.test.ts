import { purchaseEventId } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { TandemRequestError } from './errors.js';
import { metaOn, NOW, order, postOrder, setup } from '../test-helpers.js';

const DAY = 86_400_000;

async function withFirstOrder() {
  const { app, storage } = setup({}, { destinations: ['meta'] });
  await storage.putSettings(metaOn);
  const first = await postOrder(app, order({ event_id: 'shop-evt-1001', consent: { ads: true } }));
  expect(first.status).toBe(201);
  const before = { outbox: await storage.listOutbox({}), order: await storage.getOrder('purchase', '1001') };
  return { app, storage, before };
}

describe('an event ID belongs to one order', () => {
  it('refuses a second order reusing it with 409, naming the holder, and writes nothing', async () => {
    const { app, storage, before } = await withFirstOrder();
    const res = await postOrder(
      app,
      order({ order_id: '1002', event_id: 'shop-evt-1001', consent: { ads: true } }),
    );
    expect(res.status).toBe(409);
    expect(await res.json()).toEqual({
      error: {
        code: 'event_id_in_use',
        message: 'The event ID "shop-evt-1001" already belongs to purchase "1001"; nothing was recorded.',
        where: 'event_id',
        fix: 'Give each order and refund its own event_id (the one its thank-you page passed to the tag), or leave event_id out so Tandem derives one from order_id.',
      },
    });
    expect(await storage.getOrder('purchase', '1002')).toBeUndefined();
    expect({
      outbox: await storage.listOutbox({}),
      order: await storage.getOrder('purchase', '1001'),
    }).toEqual(before);
  });

  it('refuses a refund reusing its purchase event ID', async () => {
    const { app, storage, before } = await withFirstOrder();
    const res = await postOrder(app, order({ event_id: 'shop-evt-1001' }), { path: '/app-data/refunds' });
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ error: { code: 'event_id_in_use', where: 'event_id' } });
    expect(await storage.getOrder('refund', '1001')).toBeUndefined();
    expect(await storage.listOutbox({})).toEqual(before.outbox);
  });

  it('refuses an order whose derived event ID another order took as its own', async () => {
    const { app, storage } = setup({}, { destinations: ['meta'] });
    await postOrder(app, order({ order_id: 'A-1', event_id: purchaseEventId('B-2') }));
    const res = await postOrder(app, order({ order_id: 'B-2' }));
    expect(res.status).toBe(409);
    expect(((await res.json()) as { error: { fix: string } }).error.fix).toBe(
      `purchase "A-1" was recorded with this order's derived event ID as its own event_id; send this order with an event_id of its own.`,
    );
    expect(await storage.getOrder('purchase', 'B-2')).toBeUndefined();
  });

  it('still answers a repeated order 200 with its own plan', async () => {
    const { app } = await withFirstOrder();
    const again = await postOrder(app, order({ event_id: 'shop-evt-1001', consent: { ads: true } }));
    expect(again.status).toBe(200);
  });

  it('throws the same error in-process (Node SDK)', async () => {
    const { app, storage } = await withFirstOrder();
    const error = await app
      .recordOrder('purchase', order({ order_id: '1002', event_id: 'shop-evt-1001' }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TandemRequestError);
    expect([(error as TandemRequestError).status, (error as TandemRequestError).detail.code]).toEqual([
      409,
      'event_id_in_use',
    ]);
    expect(await storage.getOrder('purchase', '1002')).toBeUndefined();
  });
});

describe('confirmed_at is a time a real order can have', () => {
  it.each([
    ['far in the future (8.7e15)', 8.7e15, 'more than a day ahead'],
    ['a day and a millisecond ahead', NOW + DAY + 1, 'more than a day ahead'],
    ['in seconds, not milliseconds', Math.floor(NOW / 1000), 'epoch milliseconds from 2000 on (not seconds)'],
    ['before 2000', Date.UTC(1999, 11, 31), 'epoch milliseconds from 2000 on (not seconds)'],
  ])('refuses one %s with 400 and writes nothing', async (_name, confirmedAt, words) => {
    const { app, storage } = setup({}, { destinations: ['meta'] });
    const res = await postOrder(app, order({ confirmed_at: confirmedAt }));
    expect(res.status).toBe(400);
    const { error } = (await res.json()) as { error: { code: string; where: string; message: string } };
    expect([error.code, error.where, error.message.includes(words)]).toEqual([
      'invalid_order',
      'confirmed_at',
      true,
    ]);
    expect(await storage.getOrder('purchase', '1001')).toBeUndefined();
    expect(await storage.listOutbox({})).toEqual([]);
  });

  it.each([
    ['a day ahead (clock skew)', NOW + DAY],
    ['on 2000-01-01', Date.UTC(2000, 0, 1)],
    ['a week ago', NOW - 7 * DAY],
  ])('accepts one %s', async (_name, confirmedAt) => {
    const { app, storage } = setup({}, { destinations: ['meta'] });
    expect((await postOrder(app, order({ confirmed_at: confirmedAt }))).status).toBe(201);
    expect((await storage.getOrder('purchase', '1001'))?.confirmedAt).toBe(confirmedAt);
  });
});
