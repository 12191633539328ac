/**
 * Confirmed orders and refunds from the shop's backend: `POST <mount>/orders` and
 * `POST <mount>/refunds`, and server-side events (`lead`, `sign_up`, ...) at `POST <mount>/events`,
 * `Authorization: Bearer <server key>`. Idempotent by order ID; the answer
 * lists each destination's plan. 201 when recorded, 200 when the order ID was already known, 409
 * when another order holds its event ID.
 */
import { Hono, type Context } from 'hono';
import { apiError } from '../errors.js';
import { bearerMatches } from '../http/auth.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import { recordConfirmedOrder, type OrderContext } from '../orders/record.js';
import { OrderInput, type OrderKind } from '../orders/schema.js';
import { recordServerEvent } from '../events/record.js';
import { EventInput } from '../events/schema.js';
import type { z } from 'zod';

export const MAX_ORDER_BYTES = 64 * 1024;

type Route = 'orders' | 'refunds' | 'events';
type Rejected = { status: 400 | 409; code: string; message: string; where?: string; fix?: string };

/**
 * The shared handling of the backend routes: server key, JSON content type, byte limit, schema,
 * then `record`; answers 201 when recorded, 200 when already known, and the one error shape.
 */
function backendHandler<T, R extends { created: boolean }>(
  ctx: OrderContext,
  metrics: CollectorMetrics,
  route: Route,
  schema: z.ZodType<T>,
  record: (input: T) => Promise<R | { rejected: Rejected }>,
  received: (receipt: R) => void,
) {
  return async (c: Context) => {
    const reject = (
      status: 400 | 401 | 409 | 413 | 415,
      code: string,
      message: string,
      extra: { where?: string; fix?: string } = {},
    ) => {
      metrics.rejected(route, code);
      return apiError(c, status, code, message, extra);
    };
    const key = ctx.config.serverKey;
    if (!key)
      return reject(401, 'server_key_not_set', 'This collector has no server key, so it accepts no orders.', {
        fix: 'Set TANDEM_SERVER_KEY (CLI) or `serverKey` (createCollector) and send it as a Bearer token.',
      });
    if (!(await bearerMatches(c.req.header('authorization'), key)))
      return reject(401, 'unauthorized', 'Missing or wrong server key.', {
        where: 'Authorization',
        fix: 'Send `Authorization: Bearer <server key>` from your backend (never from the browser).',
      });
    const type = c.req.header('content-type') ?? '';
    const what = route === 'events' ? 'Events' : 'Orders';
    if (!/^application\/json\b/i.test(type))
      return reject(415, 'unsupported_media_type', `${what} are JSON.`, {
        where: 'Content-Type',
        fix: 'Send `Content-Type: application/json`.',
      });
    const body = await ctx.readBody(c, MAX_ORDER_BYTES);
    if (!body.ok)
      return body.reason === 'too_large'
        ? reject(413, 'body_too_large', `The body is larger than ${MAX_ORDER_BYTES} bytes.`, {
            fix: `Send one ${route === 'events' ? 'event' : 'order'} per request, with at most 500 products.`,
          })
        : reject(400, 'invalid_body', 'The body could not be read as UTF-8 text.');
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return reject(400, 'invalid_json', 'The body is not valid JSON.', { fix: 'Send one JSON object.' });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return route === 'events'
        ? reject(400, 'invalid_event', issue.message, {
            where: issue.path.join('.') || '(body)',
            fix: 'See the event fields in the collector README.',
          })
        : reject(400, 'invalid_order', issue.message, {
            where: issue.path.join('.') || '(body)',
            fix: 'See the order fields in the collector README.',
          });
    }
    const receipt = await record(parsed.data);
    if ('rejected' in receipt) {
      const { status, code, message, ...extra } = receipt.rejected;
      return reject(status, code, message, extra);
    }
    received(receipt);
    return c.json(receipt, receipt.created ? 201 : 200);
  };
}

export function ordersRoute(ctx: OrderContext, metrics: CollectorMetrics) {
  const order = (kind: OrderKind) =>
    backendHandler(
      ctx,
      metrics,
      kind === 'purchase' ? 'orders' : 'refunds',
      OrderInput,
      (input) => recordConfirmedOrder(ctx, kind, input),
      (receipt) => metrics.orderReceived(kind, receipt.created),
    );
  const event = backendHandler(
    ctx,
    metrics,
    'events',
    EventInput,
    (input) => recordServerEvent(ctx, input),
    (receipt) => metrics.orderReceived(receipt.event, receipt.created),
  );
  return new Hono()
    .post('/orders', order('purchase'))
    .post('/refunds', order('refund'))
    .post('/events', event);
}
