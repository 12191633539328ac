/**
 * Confirmed orders and refunds from the shop's backend: `POST <mount>/orders` and
 * `POST <mount>/refunds`, `Authorization: Bearer <server key>`. Idempotent by order ID; the answer
 * lists each destination's plan. 201 when recorded, 200 when the order ID was already known, 409
 * when another order holds its event ID.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { apiError } from '../errors.js';
import { bearerMatches } from '../http/auth.js';
import { jsonBody } from '../http/json-body.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import { recordConfirmedOrder, type OrderContext } from '../orders/record.js';
import { OrderInput, type OrderKind } from '../orders/schema.js';

export const MAX_ORDER_BYTES = 64 * 1024;

export function ordersRoute(ctx: OrderContext, metrics: CollectorMetrics) {
  const routes = (kind: OrderKind) => {
    const route = kind === 'purchase' ? 'orders' : 'refunds';
    const onReject = (code: string) => metrics.rejected(route, code);
    const reject = (
      c: Context,
      status: 400 | 401 | 409,
      code: string,
      message: string,
      extra: { where?: string; fix?: string } = {},
    ) => {
      onReject(code);
      return apiError(c, status, code, message, extra);
    };
    const authorize: MiddlewareHandler = async (c, next) => {
      const key = ctx.config.serverKey;
      if (!key)
        return reject(
          c,
          401,
          'server_key_not_set',
          'This collector has no server key, so it accepts no orders.',
          {
            fix: 'Set TANDEM_SERVER_KEY (CLI) or `serverKey` (createCollector) and send it as a Bearer token.',
          },
        );
      if (!(await bearerMatches(c.req.header('authorization'), key)))
        return reject(c, 401, 'unauthorized', 'Missing or wrong server key.', {
          where: 'Authorization',
          fix: 'Send `Authorization: Bearer <server key>` from your backend (never from the browser).',
        });
      return next();
    };
    const body = jsonBody(OrderInput, {
      maxBytes: MAX_ORDER_BYTES,
      invalidCode: 'invalid_order',
      contentType: { pattern: /^application\/json\b/i, name: 'application/json' },
      fix: {
        invalid: 'See the order fields in the collector README.',
        tooLarge: 'Send one order per request, with at most 500 products.',
      },
      read: ctx.readBody,
      onReject,
    });
    return new Hono().post(`/${route}`, authorize, body, async (c) => {
      const receipt = await recordConfirmedOrder(ctx, kind, c.req.valid('json'));
      if ('rejected' in receipt) {
        const { status, code, message, ...extra } = receipt.rejected;
        return reject(c, status, code, message, extra);
      }
      metrics.orderReceived(kind, receipt.created);
      return c.json(receipt, receipt.created ? 201 : 200);
    });
  };
  return new Hono().route('/', routes('purchase')).route('/', routes('refund'));
}
