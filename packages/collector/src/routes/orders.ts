/**
 * Confirmed orders and refunds from the shop's backend: `POST <mount>/orders` and
 * `POST <mount>/refunds`, `Authorization: Bearer <server key>`. Idempotent by order ID; the answer
 * lists each destination's plan. 201 when recorded, 200 when the order ID was already known, 409
 * when another order holds its event ID.
 */
import { Hono, type Context } from 'hono';
import { apiError } from '../errors.js';
import { bearerMatches } from '../http/auth.js';
import { byteWhere, loneSurrogatePath, unicodeProblem } from '../http/unicode.js';
import type { CollectorMetrics } from '../metrics/collector-metrics.js';
import { recordConfirmedOrder, type OrderContext } from '../orders/record.js';
import { OrderInput, type OrderKind } from '../orders/schema.js';

export const MAX_ORDER_BYTES = 64 * 1024;

export function ordersRoute(ctx: OrderContext, metrics: CollectorMetrics) {
  const handle = (kind: OrderKind) => async (c: Context) => {
    const route = kind === 'purchase' ? 'orders' : 'refunds';
    const reject = (
      status: 400 | 401 | 409 | 413 | 415,
      code: string,
      message: string,
      extra: { where?: string; fix?: string } = {},
    ) => {
      metrics.rejected(route, code);
      return apiError(c, status, code, message, extra);
    };
    const badText = (where: string) => {
      const { code, message, ...extra } = unicodeProblem(where);
      return reject(400, code, message, extra);
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
    if (!/^application\/json\b/i.test(type))
      return reject(415, 'unsupported_media_type', 'Orders are JSON.', {
        where: 'Content-Type',
        fix: 'Send `Content-Type: application/json`.',
      });
    const body = await ctx.readBody(c, MAX_ORDER_BYTES);
    if (!body.ok)
      return body.reason === 'too_large'
        ? reject(413, 'body_too_large', `The body is larger than ${MAX_ORDER_BYTES} bytes.`, {
            fix: 'Send one order per request, with at most 500 products.',
          })
        : body.reason === 'invalid_utf8'
          ? badText(byteWhere(body.offset))
          : reject(400, 'invalid_body', 'The body could not be read.');
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return reject(400, 'invalid_json', 'The body is not valid JSON.', { fix: 'Send one JSON object.' });
    }
    const surrogate = loneSurrogatePath(json);
    if (surrogate !== undefined) return badText(surrogate);
    const parsed = OrderInput.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reject(400, 'invalid_order', issue.message, {
        where: issue.path.join('.') || '(body)',
        fix: 'See the order fields in the collector README.',
      });
    }
    const receipt = await recordConfirmedOrder(ctx, kind, parsed.data);
    if ('rejected' in receipt) {
      const { status, code, message, ...extra } = receipt.rejected;
      return reject(status, code, message, extra);
    }
    metrics.orderReceived(kind, receipt.created);
    return c.json(receipt, receipt.created ? 201 : 200);
  };
  return new Hono().post('/orders', handle('purchase')).post('/refunds', handle('refund'));
}
