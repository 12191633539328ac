import { describe, expect, it } from 'vitest';
import { barePurchase, fullPurchase, T0 } from './fixtures.test-helpers.js';
import { conversionDateTime, googleAds, GoogleAdsOptions } from './google-ads.js';
import type { PlatformRequest, PlatformResponse } from './types.js';

const options = GoogleAdsOptions.parse({
  customerId: '123-456-7890',
  conversionActionId: '987654321',
  clientId: 'client.apps.googleusercontent.com',
});
const ACTION = 'customers/1234567890/conversionActions/987654321';
const GEM = '3586de92bb3636d0885a12eff961429a32e4ebd764b96f50d85d016f9338d586';
const GPH = '1e231c66011e7a2d867a9cfae267a6aff103cf4913640b6e71a99850fc0ffbc8';
const GCLID = 'Cj0KCQiA4NWrBhD-ARIsAFCKwWt3o9Y3c5oPrq';
const whole = async (p: Promise<PlatformRequest>) => {
  const r = await p;
  return { ...r, body: JSON.parse(r.body) as unknown };
};
const response = (status: number, body: unknown): PlatformResponse => ({
  status,
  headers: new Headers(),
  body,
  receivedAt: T0,
});

describe('googleAds.buildRequest', () => {
  // The shape of Google's documented REST example: one gclid conversion with value and currency.
  it('uploads a gclid purchase with order ID and enhanced-conversion identifiers', async () => {
    const c = fullPurchase({
      platformEvent: 'conversion',
      ids: { gclid: GCLID, gbraid: 'gb-1' },
      user: { em: 'x'.repeat(64), gem: GEM, gph: GPH, ph: 'y'.repeat(64) },
    });
    expect(await whole(googleAds.buildRequest([c], options, 'ya29.access dev-token-1'))).toEqual({
      url: 'https://googleads.googleapis.com/v26/customers/1234567890:uploadClickConversions',
      method: 'POST',
      headers: {
        authorization: 'Bearer ya29.access',
        'developer-token': 'dev-token-1',
        'content-type': 'application/json',
      },
      body: {
        conversions: [
          {
            gclid: GCLID,
            conversionAction: ACTION,
            conversionDateTime: '2026-11-20 12:00:00+00:00',
            conversionValue: 59.9,
            currencyCode: 'EUR',
            orderId: '1001',
            userIdentifiers: [{ hashedEmail: GEM }, { hashedPhoneNumber: GPH }],
            consent: { adUserData: 'GRANTED' },
          },
        ],
        partialFailure: true,
      },
    });
  });

  it('sends gbraid or wbraid when there is no gclid, the manager account, and validateOnly in dry run', async () => {
    const dry = GoogleAdsOptions.parse({ ...options, loginCustomerId: '111-222-3333', dryRun: true });
    const a = barePurchase({ platformEvent: 'conversion', ids: { gbraid: 'gb-1', wbraid: 'wb-1' } });
    const b = barePurchase({ platformEvent: 'conversion', orderId: '1003', ids: { wbraid: 'wb-2' } });
    const r = await whole(googleAds.buildRequest([a, b], dry, 'tok dev'));
    expect(r.headers['login-customer-id']).toBe('1112223333');
    expect(r.body).toEqual({
      conversions: [
        {
          gbraid: 'gb-1',
          conversionAction: ACTION,
          conversionDateTime: '2026-11-20 12:00:00+00:00',
          conversionValue: 10,
          currencyCode: 'USD',
          orderId: '1002',
          consent: { adUserData: 'GRANTED' },
        },
        {
          wbraid: 'wb-2',
          conversionAction: ACTION,
          conversionDateTime: '2026-11-20 12:00:00+00:00',
          conversionValue: 10,
          currencyCode: 'USD',
          orderId: '1003',
          consent: { adUserData: 'GRANTED' },
        },
      ],
      partialFailure: true,
      validateOnly: true,
    });
  });

  it("falls back to Meta's email digest, which Google's rule leaves equal for non-Gmail addresses", async () => {
    const c = barePurchase({ platformEvent: 'conversion', user: { em: GEM, ph: 'p'.repeat(64) } });
    const body = (await whole(googleAds.buildRequest([c], options, 't d'))).body as {
      conversions: Array<{ userIdentifiers: unknown }>;
    };
    // `ph` is hashed without the `+` Google's E.164 rule wants: never sent to Google.
    expect(body.conversions[0]?.userIdentifiers).toEqual([{ hashedEmail: GEM }]);
  });

  it('writes the conversion time as yyyy-mm-dd hh:mm:ss+00:00', () => {
    expect(conversionDateTime(Date.parse('2027-01-02T03:04:05.678Z'))).toBe('2027-01-02 03:04:05+00:00');
  });
});

describe('googleAds.plan (attribution-aware)', () => {
  it('sends conversions with a Google click ID or enhanced-conversion data, and skips the rest with the reason', () => {
    const plan = (c: Parameters<typeof googleAds.plan>[0], o = options) => googleAds.plan(c, o, T0);
    expect(plan(barePurchase({ ids: { gclid: GCLID } }))).toEqual({ kind: 'pending' });
    expect(plan(barePurchase({ ids: { wbraid: 'wb' } }))).toEqual({ kind: 'pending' });
    expect(plan(barePurchase({ user: { gph: GPH } }))).toEqual({ kind: 'pending' });
    expect(plan(barePurchase({ ids: { adct: 'a', fbc: 'fb.1.1.x' } }))).toEqual({
      kind: 'skipped',
      reason: 'attribution-aware: no gclid, gbraid or wbraid, and no email or phone for enhanced conversions',
    });
    const clicksOnly = GoogleAdsOptions.parse({ ...options, enhancedConversions: false });
    expect(plan(barePurchase({ user: { em: GEM } }), clicksOnly)).toEqual({
      kind: 'skipped',
      reason: 'attribution-aware: no gclid, gbraid or wbraid',
    });
  });
});

describe('googleAds answers', () => {
  const partial = {
    partialFailureError: {
      code: 3,
      message: 'errors',
      details: [
        {
          '@type': 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure',
          errors: [
            {
              errorCode: { conversionUploadError: 'UNPARSEABLE_GCLID' },
              message: 'The imported gclid could not be decoded.',
              location: {
                fieldPathElements: [{ fieldName: 'conversions', index: 0 }, { fieldName: 'gclid' }],
              },
            },
            {
              errorCode: { conversionUploadError: 'TOO_RECENT_EVENT' },
              message: 'The click is too recent.',
              location: { fieldPathElements: [{ fieldName: 'conversions', index: 2 }] },
            },
            {
              errorCode: { conversionUploadError: 'ORDER_ID_ALREADY_IN_USE' },
              message: 'Already imported.',
              location: { fieldPathElements: [{ fieldName: 'conversions', index: 3 }] },
            },
          ],
        },
      ],
    },
    results: [{}, { gclid: GCLID }, {}, {}],
  };

  it('settles a partial failure row by row: refused, delivered, retried later, already counted', () => {
    expect(googleAds.classify(response(200, partial))).toEqual({ kind: 'delivered' });
    expect(googleAds.rowOutcomes?.(response(200, partial), 4)).toEqual([
      {
        kind: 'permanent',
        reason:
          'Google Ads refused the conversion: conversionUploadError UNPARSEABLE_GCLID: The imported gclid could not be decoded.',
      },
      { kind: 'delivered' },
      {
        kind: 'retry',
        reason:
          'Google Ads refused the conversion: conversionUploadError TOO_RECENT_EVENT: The click is too recent.',
      },
      { kind: 'delivered' },
    ]);
  });

  it('retries an expired access token and quota errors, pauses on refused credentials, dead-letters a bad request', () => {
    const failure = (status: number, family: string, code: string) =>
      response(status, {
        error: {
          code: status,
          message: 'm',
          status: 'X',
          details: [{ errors: [{ errorCode: { [family]: code }, message: code }] }],
        },
      });
    expect(googleAds.classify(failure(401, 'authenticationError', 'OAUTH_TOKEN_EXPIRED')).kind).toBe('retry');
    expect(googleAds.classify(failure(401, 'authenticationError', 'DEVELOPER_TOKEN_INVALID'))).toEqual({
      kind: 'paused',
      reason:
        'credentials refused (HTTP 401: authenticationError DEVELOPER_TOKEN_INVALID: DEVELOPER_TOKEN_INVALID)',
    });
    expect(googleAds.classify(failure(403, 'authorizationError', 'USER_PERMISSION_DENIED')).kind).toBe(
      'paused',
    );
    expect(googleAds.classify(failure(429, 'quotaError', 'RESOURCE_EXHAUSTED')).kind).toBe('retry');
    expect(googleAds.classify(failure(500, 'internalError', 'INTERNAL_ERROR')).kind).toBe('retry');
    expect(googleAds.classify(failure(400, 'fieldError', 'REQUIRED')).kind).toBe('permanent');
  });

  it('refuses a token without its three parts, and names the parts to redact', () => {
    expect(googleAds.tokenProblem?.('only-one-part')).toMatch(/three parts joined by colons/);
    expect(googleAds.tokenProblem?.('dev:GOCSPX-secret:1//refresh')).toBeUndefined();
    expect(googleAds.tokenParts?.('dev:GOCSPX-secret:1//refresh')).toEqual([
      'dev',
      'GOCSPX-secret',
      '1//refresh',
    ]);
  });
});
