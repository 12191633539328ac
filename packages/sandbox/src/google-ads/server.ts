/**
 * Google Ads: the OAuth token endpoint (`POST /token`) and `uploadClickConversions`
 * (`POST /<version>/customers/<id>:uploadClickConversions`), on one server. Auth: a Bearer access
 * token this server issued and that has not expired, and the `developer-token`. Rows are checked
 * one by one and refused in `partialFailureError` (which must be requested); a conversion counts
 * once per conversion action and `orderId` (`ORDER_ID_ALREADY_IN_USE` for a resend), or per click
 * and time without an order ID. `validateOnly` checks and counts nothing.
 */
import { Hono } from 'hono';
import { controlRoutes } from '../control.js';
import { apiEndpoint, type Answer, type ApiRequest, type PlatformState } from '../endpoint.js';
import type { FailSpec } from '../switches.js';
import { GOOGLE_ADS_BATCH_LIMIT, type GoogleAdsCredentials } from './credentials.js';
import { adsError, failureStatus, type AdsError } from './errors.js';
import { oauthRoute, type AccessTokens } from './oauth.js';
import { rowErrors, unknownField } from './validate.js';

export type { GoogleAdsCredentials };

const refuse = (spec: FailSpec): Answer => {
  if (spec.status === 401)
    return adsError(401, [
      { family: 'authenticationError', code: 'OAUTH_TOKEN_REVOKED', message: 'The OAuth token was revoked.' },
    ]);
  if (spec.status === 429)
    return adsError(429, [
      { family: 'quotaError', code: 'RESOURCE_EXHAUSTED', message: 'Too many requests.' },
    ]);
  return adsError(500, [
    { family: 'internalError', code: 'INTERNAL_ERROR', message: 'An internal error has occurred.' },
  ]);
};

function authorize(req: ApiRequest, creds: GoogleAdsCredentials, tokens: AccessTokens, version: string) {
  const bearer = /^Bearer (\S+)$/.exec(req.headers.get('authorization') ?? '')?.[1];
  const state = bearer ? tokens.check(bearer, req.now) : 'unknown';
  if (state !== 'valid') {
    const code = state === 'expired' ? 'OAUTH_TOKEN_EXPIRED' : 'OAUTH_TOKEN_INVALID';
    return adsError(
      401,
      [{ family: 'authenticationError', code, message: 'Request had invalid authentication credentials.' }],
      version,
    );
  }
  if (req.headers.get('developer-token') !== creds.developerToken)
    return adsError(
      401,
      [
        {
          family: 'authenticationError',
          code: 'DEVELOPER_TOKEN_INVALID',
          message: 'The developer token is not valid.',
        },
      ],
      version,
    );
  const login = req.headers.get('login-customer-id');
  if (login !== null && !/^\d{10}$/.test(login))
    return adsError(
      400,
      [
        {
          family: 'authenticationError',
          code: 'LOGIN_CUSTOMER_ID_PARAMETER_INVALID',
          message: 'login-customer-id must be 10 digits.',
        },
      ],
      version,
    );
  return undefined;
}

type Conversion = Record<string, unknown>;
const keyOf = (c: Conversion) =>
  typeof c.orderId === 'string'
    ? `${String(c.conversionAction)}|order:${c.orderId}`
    : `${String(c.conversionAction)}|click:${String(c.gclid ?? c.gbraid ?? c.wbraid ?? '')}|${String(c.conversionDateTime)}`;

export function googleAdsApp(state: PlatformState, creds: GoogleAdsCredentials): Hono {
  const app = new Hono();
  const oauth = oauthRoute(state, creds);
  app.route('/__sandbox', controlRoutes(state));
  app.post('/token', oauth.handler);
  const action = `customers/${creds.customerId}/conversionActions/${creds.conversionActionId}`;

  app.post(
    '/:version/customers/:call',
    apiEndpoint(state, 'uploadClickConversions', refuse, (req) => {
      const version = req.params.version ?? '';
      const [customer, method] = (req.params.call ?? '').split(':');
      if (!/^v\d+$/.test(version) || method !== 'uploadClickConversions')
        return {
          status: 404,
          body: { error: { code: 404, message: 'Not Found', status: 'NOT_FOUND' } },
          error: 'no such method',
        };
      const denied = authorize(req, creds, oauth.tokens, version);
      if (denied) return denied;
      if (customer !== creds.customerId)
        return adsError(
          403,
          [
            {
              family: 'authorizationError',
              code: 'USER_PERMISSION_DENIED',
              message: "The user doesn't have permission to access the customer.",
            },
          ],
          version,
        );
      const bad = (message: string, family = 'requestError', code = 'INVALID_INPUT') =>
        adsError(400, [{ family, code, message }], version);
      if (req.bodyError) return bad(req.bodyError);
      const body = (req.body ?? {}) as {
        conversions?: unknown;
        partialFailure?: unknown;
        validateOnly?: unknown;
      };
      if (body.partialFailure !== true)
        return bad('partial_failure must be true for click conversion uploads.', 'fieldError', 'REQUIRED');
      if (!Array.isArray(body.conversions) || body.conversions.length === 0)
        return bad('conversions is required.', 'fieldError', 'REQUIRED');
      if (body.conversions.length > GOOGLE_ADS_BATCH_LIMIT)
        return bad(
          'Upload fewer than 2001 events in a single request.',
          'conversionUploadError',
          'TOO_MANY_CONVERSIONS_IN_REQUEST',
        );
      const conversions = body.conversions as Conversion[];
      for (const c of conversions) {
        const unknown = c && typeof c === 'object' ? unknownField(c) : 'conversion';
        if (unknown) return bad(`Invalid JSON payload received. Unknown name "${unknown}".`);
      }
      const errors: AdsError[] = [];
      const seen = new Set<string>();
      const results = conversions.map((c, index) => {
        const own = rowErrors(c, index, action);
        const key = keyOf(c);
        if (own.length === 0 && seen.has(key))
          own.push({
            family: 'conversionUploadError',
            code: 'DUPLICATE_ORDER_ID',
            message: 'The order ID is repeated in this request.',
            index,
          });
        else if (own.length === 0 && state.ledger.has(key, req.now))
          own.push({
            family: 'conversionUploadError',
            code:
              typeof c.orderId === 'string' ? 'ORDER_ID_ALREADY_IN_USE' : 'CLICK_CONVERSION_ALREADY_EXISTS',
            message: 'A conversion with this identifier was already imported for this conversion action.',
            index,
          });
        seen.add(key);
        errors.push(...own);
        if (
          own.length > 0 &&
          !own.every((e) => /ALREADY_IN_USE|ALREADY_EXISTS|DUPLICATE_ORDER_ID/.test(e.code))
        )
          return {};
        if (body.validateOnly !== true)
          state.ledger.count({ path: 'server', event: 'conversion', key, data: c, time: req.now });
        if (own.length > 0) return {};
        const { gclid, gbraid, wbraid, conversionAction, conversionDateTime, userIdentifiers } = c;
        return { gclid, gbraid, wbraid, conversionAction, conversionDateTime, userIdentifiers };
      });
      const partial = errors.length ? { partialFailureError: failureStatus(3, '', errors, version) } : {};
      if (body.validateOnly === true) return { status: 200, body: partial };
      return {
        status: 200,
        body: {
          ...partial,
          results: results.map((r) => JSON.parse(JSON.stringify(r)) as object),
          jobId: String(req.now),
        },
        ...(errors.length
          ? { error: errors.map((e) => `row ${e.index}: ${e.family} ${e.code}`).join(', ') }
          : {}),
      };
    }),
  );
  return app;
}
