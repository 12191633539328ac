import { COOKIES } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import type { Conversion } from '../delivery/conversion.js';
import { beacon, metaOn, NOW, order, postBeacon, postOrder, setup } from '../test-helpers.js';
import { orderEventId } from './record.js';

const neuroonOn = {
  destination: 'neuroon',
  enabled: true,
  mapping: { purchase: 'conversion', refund: 'refund' },
  options: { shopId: 's1', origin: 'https://shop.test' },
  updatedAt: NOW,
};

async function shop() {
  const { app, storage } = setup({}, { destinations: ['neuroon', 'meta'] });
  await storage.putSettings(neuroonOn);
  // stored before the settings check existed: a refund mapped to Meta's Purchase
  await storage.putSettings({ ...metaOn, mapping: { purchase: 'Purchase', refund: 'Purchase' } });
  await postBeacon(app, beacon({ ids: { adct: 'AD1' }, search: { p1: 'log-1' } }));
  const cookies = { [COOKIES.vidServer]: 'vid-12345678', [COOKIES.consent]: '1' };
  return { app, storage, cookies };
}

const plans = async (res: Response) =>
  ((await res.json()) as { destinations: Array<{ destination: string; status: string; reason?: string }> })
    .destinations;

describe('refunds belong to their order', () => {
  it("inherit the order's visitor, consent, click IDs and searchLogIds when sent with no cookies", async () => {
    const { app, storage, cookies } = await shop();
    expect((await postOrder(app, order({ cookies }))).status).toBe(201);
    const [purchase] = await storage.listOutbox({ destination: 'neuroon' });
    const lease = await storage.claimDue('neuroon', NOW, 60_000, 10);
    await storage.settle(purchase!.id, lease.token, { status: 'delivered', via: 'server' }, NOW);

    // the back office refunds the order: no cookies, no products (the whole order)
    const res = await postOrder(
      app,
      { order_id: '1001', value: 42.5, currency: 'EUR' },
      { path: '/app-data/refunds' },
    );
    expect(res.status).toBe(201);
    expect(await plans(res)).toEqual([
      { destination: 'neuroon', status: 'queued' },
      {
        destination: 'meta',
        status: 'skipped',
        reason: 'a refund is never sent as "Purchase" (it would count as revenue)',
      },
    ]);
    const [refund] = await storage.listOutbox({
      destination: 'neuroon',
      eventId: orderEventId('refund', '1001'),
    });
    expect(refund?.payload).toMatchObject({
      shopEvent: 'refund',
      platformEvent: 'refund',
      visitorId: 'vid-12345678',
      consent: { ads: true },
      ids: { adct: 'AD1' },
      lines: [{ productId: 'p1', quantity: 2, price: 21.25, searchLogId: 'log-1' }],
    } satisfies Partial<Conversion>);
    expect((await storage.getOrder('refund', '1001'))?.visitorId).toBe('vid-12345678');
  });

  it('are skipped, with the reason, where the order was not counted', async () => {
    const { app, cookies } = await shop();
    const bought = await postOrder(
      app,
      order({ order_id: '1002', products: [{ id: 'p9', quantity: 1, price: 5 }], cookies }),
    );
    expect((await plans(bought))[0]).toEqual({
      destination: 'neuroon',
      status: 'skipped',
      reason: 'no order line has a searchLogId',
    });
    const res = await postOrder(
      app,
      { order_id: '1002', value: 5, currency: 'EUR' },
      { path: '/app-data/refunds' },
    );
    expect((await plans(res))[0]).toEqual({
      destination: 'neuroon',
      status: 'skipped',
      reason: 'the order was not counted here (skipped: no order line has a searchLogId)',
    });
  });

  it('of an order Tandem never saw take only what the refund request carries', async () => {
    const { app } = await shop();
    const res = await postOrder(
      app,
      { order_id: '9999', value: 5, currency: 'EUR' },
      { path: '/app-data/refunds' },
    );
    expect(await plans(res)).toEqual([
      { destination: 'neuroon', status: 'skipped', reason: 'no ad consent' },
      { destination: 'meta', status: 'skipped', reason: 'no ad consent' },
    ]);
  });
});
