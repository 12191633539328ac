/** @jsxImportSource hono/jsx */
/** The deliveries list (bounded), search by order ID, and replay of dead letters. */
import { Hono } from 'hono';
import { field, type DashboardContext, type DashboardEnv } from '../context.js';
import { DeliveriesPage } from '../views/deliveries.js';
import { groupConversions } from './status.js';

/** Rows read for the recent list: enough for the conversions shown, never the whole table. */
const RECENT_ROWS = 600;
const SHOWN = 50;

export function deliveryRoutes(ctx: DashboardContext) {
  const { storage } = ctx.deps;
  return new Hono<DashboardEnv>()
    .get('/deliveries', async (c) => {
      const order = (c.req.query('order') ?? '').trim().slice(0, 200);
      const onlyDead = c.req.query('status') === 'dead';
      const [stats, rows] = await Promise.all([
        storage.outboxStats(),
        order
          ? rowsOfOrder(ctx, order)
          : storage.listOutbox({ limit: RECENT_ROWS, ...(onlyDead && { status: 'dead' }) }),
      ]);
      const destinations = [
        ...new Set([...stats.map((s) => s.destination), ...rows.map((r) => r.destination)]),
      ].sort();
      const dead: Record<string, number> = {};
      for (const s of stats) if (s.status === 'dead') dead[s.destination] = s.count;
      const replayed = c.req.query('replayed');
      return c.html(
        <DeliveriesPage
          base={ctx.base}
          csrf={c.get('session').csrf}
          destinations={destinations}
          conversions={groupConversions(rows, SHOWN)}
          dead={dead}
          order={order}
          onlyDead={onlyDead}
          notice={
            replayed !== undefined
              ? `${Number(replayed) || 0} ${c.req.query('held') === 'uncertain' ? 'uncertain rows' : 'dead letters'} queued again.`
              : undefined
          }
        />,
      );
    })
    .post('/deliveries/replay', async (c) => {
      const destination = field(c.get('form'), 'destination');
      if (field(c.get('form'), 'status') === 'uncertain') {
        // One row the operator checked against the platform's report (see DELIVERY.md).
        const event = field(c.get('form'), 'event');
        const count = await storage.replayUncertain(ctx.now(), {
          ...(destination && { destination }),
          ...(event && { eventIds: [event] }),
        });
        return c.redirect(`${ctx.base}/deliveries?replayed=${count}&held=uncertain`, 303);
      }
      const count = await storage.replayDead(ctx.now(), destination || undefined);
      return c.redirect(`${ctx.base}/deliveries?replayed=${count}`, 303);
    });
}

async function rowsOfOrder(ctx: DashboardContext, orderId: string) {
  const { storage } = ctx.deps;
  const orders = await Promise.all([
    storage.getOrder('purchase', orderId),
    storage.getOrder('refund', orderId),
  ]);
  const lists = await Promise.all(
    orders.flatMap((o) => (o ? [storage.listOutbox({ eventId: o.eventId, limit: 100 })] : [])),
  );
  return lists.flat();
}
