/** Recording a server-side event: an order without lines, under the event's own name and ID. */
import { recordShopEvent, type OrderContext } from '../orders/record.js';
import type { OrderRejection } from '../orders/schema.js';
import type { EventReceipt, ParsedEvent } from './schema.js';

export async function recordServerEvent(
  ctx: OrderContext,
  input: ParsedEvent,
): Promise<EventReceipt | OrderRejection> {
  const { event, id, ...rest } = input;
  const recorded = await recordShopEvent(ctx, event, { ...rest, order_id: id, products: [] });
  if ('rejected' in recorded) return recorded;
  const { kind: _kind, order_id: _id, ...receipt } = recorded;
  return { event, id, ...receipt };
}
