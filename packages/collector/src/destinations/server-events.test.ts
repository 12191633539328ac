/**
 * Golden requests for server-side events (a lead, a trial), not orders: AdRoll under its documented
 * event names, Meta under its standard events, compared whole. No `order_id` goes with them (the
 * platforms read it as an order's). Each request is then sent to the sandbox over HTTP, which
 * checks the platforms' required fields, and is counted there once under the mapped name.
 */
import { startSandbox, type Sandbox } from '@tandem/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adroll, AdRollOptions } from './adroll.js';
import { EM, lead, T0 } from './fixtures.test-helpers.js';
import { meta, MetaOptions } from './meta.js';
import type { PlatformRequest } from './types.js';

const VISITOR_HASH = '0fbc1e193f6396a4804de02365fed8be99e62d0be52d06b130d2d911c9fea5cc';
const PAGE = 'https://shop.example/contact/thanks/L-42';
const UA = 'Mozilla/5.0 (X11; Linux x86_64) Chrome/130.0';
const whole = async (p: Promise<PlatformRequest>) => {
  const r = await p;
  return { ...r, body: JSON.parse(r.body) as unknown };
};

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await startSandbox({ tls: false });
});
afterAll(() => sandbox?.close());

const send = (r: PlatformRequest) => fetch(r.url, { method: r.method, headers: r.headers, body: r.body });

describe('AdRoll: a lead mapped to formFill', () => {
  it('builds the whole request: page_location, ip and identifiers, no order attributes', async () => {
    const options = AdRollOptions.parse({ advertisableEid: 'ADV123', pixelEid: 'PIX456' });
    expect(await whole(adroll.buildRequest([lead()], options, 'tok'))).toEqual({
      url: 'https://srv.adroll.com/api?advertisable=ADV123',
      method: 'POST',
      headers: { authorization: 'Token tok', 'content-type': 'application/json' },
      body: [
        {
          advertisable_eid: 'ADV123',
          pixel_eid: 'PIX456',
          event_name: 'formFill',
          page_location: PAGE,
          ip: '203.0.113.7',
          user_agent: UA,
          timestamp: T0 / 1000,
          external_data: '{"tandem_event_id":"e_00000000003abcdefghijk"}',
          identifiers: {
            first_party_cookie: '8f9cc6f6588c8890f67aec322e310d2a-1794916800000',
            adct: 'adct-xyz',
            email_sha256: EM,
          },
        },
      ],
    });
  });

  it('is accepted by the sandbox and counted once as formFill', async () => {
    const { credentials, url } = sandbox.adroll;
    const options = AdRollOptions.parse({
      advertisableEid: credentials.advertisable,
      pixelEid: credentials.pixel,
      baseUrl: url,
    });
    const res = await send(await adroll.buildRequest([lead()], options, credentials.token));
    expect(res.status).toBe(200);
    expect(sandbox.ledger('adroll').counted.map((c) => c.event)).toEqual(['formFill']);
  });
});

describe('Meta: a lead mapped to Lead, a trial with its value', () => {
  const options = MetaOptions.parse({ pixelId: '1234567890' });
  const userData = {
    em: [EM],
    external_id: [VISITOR_HASH],
    client_ip_address: '203.0.113.7',
    client_user_agent: UA,
    fbc: 'fb.1.1763640000000.IwAR0abc',
  };

  it('builds the whole request: the same event_id as the pixel, no order_id', async () => {
    const trial = lead({
      eventId: 'e_00000000004abcdefghijk',
      shopEvent: 'start_trial',
      platformEvent: 'StartTrial',
      orderId: 'acct-7',
      value: 0,
      currency: 'EUR',
    });
    const req = await whole(meta.buildRequest([lead({ platformEvent: 'Lead' }), trial], options, 'EAAB'));
    expect(req).toEqual({
      url: 'https://graph.facebook.com/v26.0/1234567890/events',
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: {
        data: [
          {
            event_name: 'Lead',
            event_time: T0 / 1000,
            event_id: 'e_00000000003abcdefghijk',
            action_source: 'website',
            event_source_url: PAGE,
            user_data: userData,
            custom_data: {},
          },
          {
            event_name: 'StartTrial',
            event_time: T0 / 1000,
            event_id: 'e_00000000004abcdefghijk',
            action_source: 'website',
            event_source_url: PAGE,
            user_data: userData,
            custom_data: { value: 0, currency: 'EUR' },
          },
        ],
        access_token: 'EAAB',
      },
    });
  });

  it('is accepted by the sandbox and counted once as Lead, under its event ID', async () => {
    const { credentials, url } = sandbox.meta;
    const live = MetaOptions.parse({ pixelId: credentials.pixelId, baseUrl: url });
    const now = lead({ platformEvent: 'Lead', time: Date.now() });
    const res = await send(await meta.buildRequest([now], live, credentials.accessToken));
    expect(res.status).toBe(200);
    expect(sandbox.ledger('meta').counted.map((c) => c.key)).toEqual(['Lead|e_00000000003abcdefghijk']);
  });
});
