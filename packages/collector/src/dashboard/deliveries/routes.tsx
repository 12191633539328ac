/** @jsxImportSource hono/jsx */
/**
 * The deliveries list (bounded), search by order ID, one conversion's detail page, replay of dead
 * letters, and the operator's answer for an uncertain row (replay it, or mark it as checked).
 */
import { Hono } from 'hono';
import { field, type DashboardContext, type DashboardEnv } from '../context.js';
import { DeliveriesPage } from '../views/deliveries.js';
import { DeliveryPage } from '../views/delivery.js';
import { Layout } from '../views/layout.js';
import { rowDetail } from './detail.js';
import { conversionOf, groupConversions } from './status.js';

/** Rows read for the recent list: enough for the conversions shown, never the whole table. */
const RECENT_ROWS = 600;
const SHOWN = 50;
/** The note an uncertain row keeps once the operator found it in the platform's report. */
const CHECKED = "checked by the operator: in the platform's report";

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
          now={ctx.now()}
          notice={
            replayed !== undefined
              ? `${Number(replayed) || 0} ${c.req.query('held') === 'uncertain' ? 'uncertain rows' : 'failed deliveries'} queued again.`
              : undefined
          }
        />,
      );
    })
    .get('/deliveries/:eventId', async (c) => {
      const eventId = c.req.param('eventId').slice(0, 200);
      const rows = (await storage.listOutbox({ eventId, limit: 100 })).sort((a, b) =>
        a.destination.localeCompare(b.destination),
      );
      if (rows.length === 0) {
        return c.html(
          <DeliveriesNotFound base={ctx.base} csrf={c.get('session').csrf} eventId={eventId} />,
          404,
        );
      }
      const views = await ctx.deps.settings.describe();
      const now = ctx.now();
      const details = await Promise.all(
        rows.map(async (row) =>
          rowDetail(
            row,
            await storage.listAttempts(row.id),
            views.find((v) => v.destination === row.destination),
            now,
          ),
        ),
      );
      const checked = c.req.query('checked');
      return c.html(
        <DeliveryPage
          base={ctx.base}
          csrf={c.get('session').csrf}
          eventId={eventId}
          conversion={conversionOf(rows[0]!)}
          rows={details}
          notice={
            checked === undefined ? undefined : checked === '1' ? 'Marked as checked.' : 'Nothing to mark.'
          }
        />,
      );
    })
    .post('/deliveries/checked', async (c) => {
      const destination = field(c.get('form'), 'destination');
      const event = field(c.get('form'), 'event');
      const count = await storage.confirmUncertain(ctx.now(), destination, event, CHECKED);
      return c.redirect(`${ctx.base}/deliveries/${encodeURIComponent(event)}?checked=${count}`, 303);
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

function DeliveriesNotFound(props: { base: string; csrf: string; eventId: string }) {
  return (
    <Layout base={props.base} csrf={props.csrf} title="Conversion not found">
      <p>{`No delivery has the event ID ${props.eventId}.`}</p>
      <p>
        <a href={`${props.base}/deliveries`}>All deliveries</a>
      </p>
    </Layout>
  );
}
