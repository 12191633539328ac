import { describe, expect, it } from 'vitest';
import { json, testState } from '../test-helpers.js';
import { googleAdsApp } from './server.js';

const creds = {
  clientId: 'cid.apps.googleusercontent.com',
  clientSecret: 'GOCSPX-secret',
  refreshToken: '1//refresh',
  developerToken: 'dev-tok',
  customerId: '1234567890',
  conversionActionId: '555',
};
const ACTION = 'customers/1234567890/conversionActions/555';
const PATH = '/v26/customers/1234567890:uploadClickConversions';
const GCLID = 'Cj0KCQiA4NWrBhD-ARIsAFCKwWt3o9Y3c5oPrq';

function setup() {
  const { state, clock } = testState('googleAds');
  return { app: googleAdsApp(state, creds), state, clock };
}
type App = ReturnType<typeof setup>['app'];

const form = (fields: Record<string, string>): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const grant = {
  grant_type: 'refresh_token',
  client_id: creds.clientId,
  client_secret: creds.clientSecret,
  refresh_token: creds.refreshToken,
};

async function accessToken(app: App): Promise<string> {
  const res = await app.request('/token', form(grant));
  return ((await res.json()) as { access_token: string }).access_token;
}

const conversion = (over: Record<string, unknown> = {}) => ({
  gclid: GCLID,
  conversionAction: ACTION,
  conversionDateTime: '2026-11-23 08:00:00+00:00',
  conversionValue: 59.9,
  currencyCode: 'EUR',
  orderId: '1001',
  ...over,
});

const upload = async (
  app: App,
  conversions: unknown[],
  extra: Record<string, unknown> = {},
  token?: string,
) =>
  app.request(
    PATH,
    json(
      { conversions, partialFailure: true, ...extra },
      {
        authorization: `Bearer ${token ?? (await accessToken(app))}`,
        'developer-token': creds.developerToken,
      },
    ),
  );

interface Failure {
  errors: Array<{
    errorCode: Record<string, string>;
    location?: { fieldPathElements: Array<{ index?: number }> };
  }>;
}
const rowCodes = (body: { partialFailureError?: { details: Failure[] } }) =>
  (body.partialFailureError?.details[0]?.errors ?? []).map((e) => [
    e.location?.fieldPathElements[0]?.index,
    Object.values(e.errorCode)[0],
  ]);

describe('Google OAuth token endpoint (sandbox)', () => {
  it('issues an hour-long access token for the refresh-token grant, keeping no secret in the ledger', async () => {
    const { app, state } = setup();
    const res = await app.request('/token', form(grant));
    const body = (await res.json()) as Record<string, unknown>;
    expect(res.status).toBe(200);
    expect(body).toEqual({
      access_token: body.access_token,
      expires_in: 3599,
      scope: 'https://www.googleapis.com/auth/adwords',
      token_type: 'Bearer',
    });
    expect(JSON.stringify(state.ledger.view())).not.toMatch(/GOCSPX|1\/\/refresh/);
  });

  it.each([
    ['a revoked refresh token', { refresh_token: '1//other' }, 400, 'invalid_grant'],
    ['a wrong client secret', { client_secret: 'GOCSPX-other' }, 401, 'invalid_client'],
    ['another grant', { grant_type: 'client_credentials' }, 400, 'unsupported_grant_type'],
    ['no refresh token', { refresh_token: '' }, 400, 'invalid_request'],
  ])('refuses %s with RFC 6749 errors', async (_name, over, status, error) => {
    const { app } = setup();
    const res = await app.request('/token', form({ ...grant, ...over }));
    expect(res.status).toBe(status);
    expect(((await res.json()) as { error: string }).error).toBe(error);
  });
});

describe('Google Ads uploadClickConversions (sandbox)', () => {
  it('counts a valid upload once per conversion action and order ID; a resend is ORDER_ID_ALREADY_IN_USE', async () => {
    const { app, state } = setup();
    const first = await upload(app, [conversion()]);
    expect(first.status).toBe(200);
    expect(await first.json()).toMatchObject({
      results: [{ gclid: GCLID, conversionAction: ACTION, conversionDateTime: '2026-11-23 08:00:00+00:00' }],
    });
    const again = (await (
      await upload(app, [conversion(), conversion({ orderId: '1002' })])
    ).json()) as never;
    expect(rowCodes(again)).toEqual([[0, 'ORDER_ID_ALREADY_IN_USE']]);
    const view = state.ledger.view();
    expect(view.counted.map((c) => c.key)).toEqual([`${ACTION}|order:1001`, `${ACTION}|order:1002`]);
    expect(view.duplicates.map((c) => c.key)).toEqual([`${ACTION}|order:1001`]);
  });

  it('refuses bad rows one by one in partialFailureError and counts the good ones', async () => {
    const { app, state } = setup();
    const res = await upload(app, [
      conversion({ orderId: 'a', gbraid: 'gbraid-0001', gclid: undefined, wbraid: 'wbraid-0001' }),
      conversion({ orderId: 'b', conversionAction: 'customers/1234567890/conversionActions/9' }),
      conversion({ orderId: 'c', conversionDateTime: '2026-11-23T08:00:00Z' }),
      conversion({ orderId: 'd', gclid: undefined }),
      conversion({ orderId: 'e', gclid: undefined, userIdentifiers: [{ hashedEmail: 'Not-A-Hash' }] }),
      conversion({ orderId: 'f', currencyCode: 'eur' }),
      conversion({ orderId: 'g', gclid: 'bad gclid!' }),
      conversion({ orderId: 'h', gclid: undefined, userIdentifiers: [{ hashedEmail: 'a'.repeat(64) }] }),
      conversion({ orderId: 'h' }),
    ]);
    expect(res.status).toBe(200);
    expect(rowCodes((await res.json()) as never)).toEqual([
      [0, 'GBRAID_WBRAID_BOTH_SET'],
      [1, 'INVALID_CONVERSION_ACTION'],
      [2, 'INVALID_FIELD_VALUES_IN_DATE_TIME'],
      [3, 'REQUIRED'],
      [4, 'INVALID_USER_IDENTIFIER'],
      [5, 'UNSUPPORTED'],
      [6, 'UNPARSEABLE_GCLID'],
      [8, 'DUPLICATE_ORDER_ID'],
    ]);
    expect(state.ledger.view().counted.map((c) => c.key)).toEqual([`${ACTION}|order:h`]);
  });

  it('refuses whole requests: no partialFailure, too many rows, unknown fields, another account', async () => {
    const { app } = setup();
    expect((await upload(app, [conversion()], { partialFailure: false })).status).toBe(400);
    expect(
      (
        await upload(
          app,
          Array.from({ length: 2001 }, (_, i) => conversion({ orderId: `o${i}` })),
        )
      ).status,
    ).toBe(400);
    expect((await upload(app, [conversion({ conversionTime: 'x' })])).status).toBe(400);
    const token = await accessToken(app);
    const other = await app.request(
      '/v26/customers/9999999999:uploadClickConversions',
      json(
        { conversions: [conversion()], partialFailure: true },
        { authorization: `Bearer ${token}`, 'developer-token': creds.developerToken },
      ),
    );
    expect(other.status).toBe(403);
  });

  it('checks the access token (issued here, unexpired) and the developer token', async () => {
    const { app, clock, state } = setup();
    const token = await accessToken(app);
    const code = async (res: Response) =>
      Object.values(
        ((await res.json()) as { error: { details: Failure[] } }).error.details[0]?.errors[0]?.errorCode ??
          {},
      )[0];
    const forged = await upload(app, [conversion()], {}, 'ya29.forged');
    expect([forged.status, await code(forged)]).toEqual([401, 'OAUTH_TOKEN_INVALID']);
    const badDev = await app.request(
      PATH,
      json(
        { conversions: [conversion()], partialFailure: true },
        { authorization: `Bearer ${token}`, 'developer-token': 'x' },
      ),
    );
    expect([badDev.status, await code(badDev)]).toEqual([401, 'DEVELOPER_TOKEN_INVALID']);
    clock.now += 3600 * 1000;
    const expired = await upload(app, [conversion()], {}, token);
    expect([expired.status, await code(expired)]).toEqual([401, 'OAUTH_TOKEN_EXPIRED']);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('validateOnly checks and counts nothing', async () => {
    const { app, state } = setup();
    const res = await upload(app, [conversion(), conversion({ orderId: 'x', gclid: undefined })], {
      validateOnly: true,
    });
    expect(rowCodes((await res.json()) as never)).toEqual([[1, 'REQUIRED']]);
    expect(state.ledger.view().counted).toEqual([]);
  });

  it('answers staged failures in its own error shape', async () => {
    const { app, state } = setup();
    const token = await accessToken(app);
    state.switches.fail({ status: 429, retryAfter: 30, times: 1 });
    const res = await upload(app, [conversion()], {}, token);
    expect([res.status, res.headers.get('retry-after')]).toEqual([429, '30']);
    expect(await res.json()).toMatchObject({ error: { code: 429, status: 'RESOURCE_EXHAUSTED' } });
    expect((await upload(app, [conversion()], {}, token)).status).toBe(200);
  });
});
