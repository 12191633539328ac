/**
 * Which name AdRoll's pixel was given decides whether it delivered a conversion. Over real HTTP
 * against `tandem serve` on SQLite, with AdRoll mapping a lead to `formFill`: the served extras
 * carry that mapping for the pixels; a lead whose beacon says the loaded pixel got `formFill` is
 * settled as delivered by the pixel, and one whose pixel got another name (a page holding the
 * extras from before a mapping change, a tag that names events itself, or none at all) is sent
 * by the server as `formFill`, once.
 */
import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { extrasTemplate } from '@tandem/browser-tag/served';
import { COOKIES, shopEventId, TAG_CONFIG_PLACEHOLDER, type PixelEvents } from '@tandem/protocol';
import { startSandbox, type Sandbox } from '@tandem/sandbox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookiesOf,
  eventually,
  MOUNT,
  postBeaconTo,
  prepareDb,
  sandboxAdroll,
  serveCli,
  SERVER_KEY,
  type Served,
} from '../node/served-cli.test-helpers.js';

let sandbox: Sandbox;
let served: Served;
beforeAll(async () => {
  sandbox = await startSandbox({ tls: false });
  const { adroll } = sandbox;
  const where = await prepareDb([
    sandboxAdroll(sandbox, { mapping: { purchase: 'purchase', lead: 'formFill' } }),
  ]);
  served = await serveCli(where, {
    adroll: { advertiserId: adroll.credentials.advertisable, pixelId: adroll.credentials.pixel },
  });
}, 30_000);
afterAll(async () => {
  expect(await served?.stop()).toBe(0);
  await sandbox?.close();
  if (served) rmSync(served.dir, { recursive: true, force: true });
});

/** The AdRoll row of a lead once settled, with the event names AdRoll's server API received. */
async function adrollOutcome(leadId: string) {
  const eventId = shopEventId('lead', leadId);
  const row = await eventually(() => {
    const db = new Database(served.db, { readonly: true });
    try {
      const found = db
        .prepare("SELECT status, via FROM outbox WHERE destination = 'adroll' AND event_id = ?")
        .get(eventId) as { status: string; via: string | null } | undefined;
      return found && found.status !== 'pending' && found.status !== 'sending' ? found : undefined;
    } finally {
      db.close();
    }
  });
  const serverEvents = sandbox.adroll
    .ledger()
    .receipts.filter((r) => r.path === 'server')
    .flatMap((r) => r.payload as Array<{ event_name: string; external_data?: string }>)
    .filter((e) => e.external_data?.includes(eventId))
    .map((e) => e.event_name);
  return { ...row, serverEvents };
}

/** A visitor's lead: the thank-you page's beacon (AdRoll's pixel loaded), then the backend's event. */
async function lead(leadId: string, sentAs: PixelEvents | undefined) {
  const vid = `lead-${leadId}-vid`;
  const beacon = await postBeaconTo(served.url, {
    v: 1,
    vid,
    consent: { ads: true },
    events: [
      {
        id: shopEventId('lead', leadId),
        name: 'lead',
        ts: Date.now(),
        url: 'http://shop.test/contact/thanks',
        props: { id: leadId },
        pixels: { adroll: 'loaded' },
        ...(sentAs && { sentAs }),
      },
    ],
  });
  expect(beacon.status).toBe(204);
  const cookie = cookiesOf(beacon);
  const res = await fetch(`${served.url}${MOUNT}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${SERVER_KEY}` },
    body: JSON.stringify({
      event: 'lead',
      id: leadId,
      consent: { ads: true },
      ip: '203.0.113.7',
      cookies: { [COOKIES.vidServer]: new RegExp(`${COOKIES.vidServer}=([^;]+)`).exec(cookie)?.[1] },
    }),
  });
  expect(res.status).toBe(201);
  return adrollOutcome(leadId);
}

describe("AdRoll's pixel and a mapped lead", () => {
  it('serves the extras with the mapping, so the pixel gets the lead as formFill', async () => {
    const body = await (await fetch(`${served.url}${MOUNT}/tag-extras.js`)).text();
    const [before, after] = extrasTemplate.split(TAG_CONFIG_PLACEHOLDER);
    const config = JSON.parse(body.slice(before!.length, body.length - after!.length));
    expect(config.map.lead).toEqual({ adroll: 'formFill' });
    expect(config.map.purchase).toEqual({ adroll: 'purchase' });
    expect(config.adroll).toBeUndefined();
  });

  it('settles a lead the loaded pixel got as formFill as delivered by the pixel', async () => {
    expect(await lead('L-1', { adroll: 'formFill' })).toEqual({
      status: 'delivered',
      via: 'pixel',
      serverEvents: [],
    });
  }, 30_000);

  it.each([
    ['under a name from before a mapping change', 'L-2', { adroll: 'contactSales' }],
    ['not at all (the page had it unmapped)', 'L-3', {}],
    ['under its own name (a beacon without sentAs)', 'L-4', undefined],
  ])(
    'sends a lead the loaded pixel got %s as formFill by the server',
    async (_, leadId, sentAs) => {
      expect(await lead(leadId, sentAs)).toEqual({
        status: 'delivered',
        via: 'server',
        serverEvents: ['formFill'],
      });
    },
    30_000,
  );
});
