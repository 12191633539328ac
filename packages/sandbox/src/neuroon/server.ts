import { Hono } from 'hono';
import { controlRoutes } from '../control.js';
import { apiEndpoint, type Answer, type ApiRequest, type PlatformState } from '../endpoint.js';
import type { FailSpec } from '../switches.js';
import { NeuroonConversion, NeuroonRefund, validateNeuroon } from './validate.js';
import { widgetRoutes, type CatalogItem } from './widget-routes.js';

export interface NeuroonCredentials {
  /** `X-Shop-API-Key` (`sk_...`). */
  apiKey: string;
  shopId: string;
  /** The shop's verified origin; requests with another `Origin` are refused. */
  origin: string;
  /** Path of the refund endpoint under `/api/plugin/shops/<shopId>` (unconfirmed by Neuroon). */
  refundPath: string;
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
};

/** Neuroon's error body `{timestamp, status, error, message, path}`. */
function problem(req: ApiRequest, status: Answer['status'], message: string): Answer {
  return {
    status,
    body: {
      timestamp: new Date(req.now).toISOString(),
      status,
      error: REASONS[status] ?? 'Error',
      message,
      path: req.path,
    },
    error: message,
  };
}

const refuse = (spec: FailSpec, req: ApiRequest): Answer =>
  problem(req, spec.status, spec.status === 401 ? 'Invalid API key' : `staged HTTP ${spec.status}`);

/**
 * Neuroon: conversions (dedup by `orderId`), refunds (dedup by `orderId` + amount, so a retry does
 * not count twice), and the search widget with its catalog.
 */
export function neuroonApp(state: PlatformState, creds: NeuroonCredentials, catalog: CatalogItem[]): Hono {
  const app = new Hono();
  app.route('/__sandbox', controlRoutes(state));
  app.route('/', widgetRoutes(state, creds, catalog));

  const endpoint = (name: 'conversion' | 'refund', schema: typeof NeuroonConversion | typeof NeuroonRefund) =>
    apiEndpoint(state, name, refuse, (req) => {
      if (req.params.shopId !== creds.shopId) return problem(req, 404, 'Shop not found');
      if (req.headers.get('x-shop-api-key') !== creds.apiKey) return problem(req, 401, 'Invalid API key');
      if (req.headers.get('origin') !== creds.origin)
        return problem(req, 403, 'Origin not verified for this shop');
      if (req.bodyError) return problem(req, 400, req.bodyError);
      const r = validateNeuroon(schema, req.body);
      if ('error' in r) return problem(req, 400, r.error);
      const key = name === 'conversion' ? r.body.orderId : `${r.body.orderId}|${r.body.orderValue}`;
      state.ledger.count({ path: 'server', event: name, key, data: r.body, time: req.now });
      return { status: 200, body: { success: true, orderId: r.body.orderId } };
    });

  app.post('/api/plugin/shops/:shopId/track/conversion', endpoint('conversion', NeuroonConversion));
  app.post(`/api/plugin/shops/:shopId${creds.refundPath}`, endpoint('refund', NeuroonRefund));
  return app;
}
