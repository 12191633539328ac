import { COOKIES, shopEventId } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { scriptedFetch, world } from '../delivery/engine.test-helpers.js';
import { saveDestinationSettings } from '../delivery/settings.js';
import { beacon, postBeacon, postOrder, setup } from '../test-helpers.js';

const cookies = { [COOKIES.vidServer]: 'vid-12345678', [COOKIES.consent]: '1', [COOKIES.adct]: 'AD1' };
const lead = (over: Record<string, unknown> = {}) => ({
  event: 'lead',
  id: 'L-42',
  email: 'Jane@Example.com',
  ip: '203.0.113.77',
  user_agent: 'UA/3',
  page_url: 'https://shop.test/contact',
  cookies,
  ...over,
});
const postEvent = (app: Parameters<typeof postOrder>[0], body: unknown, key?: string | null) =>
  postOrder(app, body, { path: '/app-data/events', ...(key !== undefined && { key }) });

/** A shop whose AdRoll maps several lead actions onto formFill and whose Meta maps lead to Lead. */
async function shop(adroll: Record<string, unknown> = {}) {
  const w = await world({ adroll });
  const map = (name: string, mapping: Record<string, string>) =>
    saveDestinationSettings(w.storage, w.box, name, { mapping }, w.clock.now);
  await map('adroll', { purchase: 'purchase', lead: 'formFill', contact: 'formFill' });
  await map('meta', { purchase: 'Purchase', lead: 'Lead' });
  const { app } = setup({}, { storage: w.storage, now: () => w.clock.now });
  return { w, app, map };
}

describe('server-side events: POST /events', () => {
  it('records a lead under shopEventId(event, id), plans each mapped destination, and is idempotent', async () => {
    const { app, w } = await shop();
    const res = await postEvent(app, lead());
    expect(res.status).toBe(201);
    const eventId = shopEventId('lead', 'L-42');
    expect(await res.json()).toEqual({
      event: 'lead',
      id: 'L-42',
      event_id: eventId,
      created: true,
      destinations: [
        { destination: 'adroll', status: 'queued' },
        { destination: 'meta', status: 'queued' },
        { destination: 'neuroon', status: 'skipped', reason: 'event "lead" is not mapped' },
        { destination: 'tiktok', status: 'skipped', reason: 'not configured' },
        { destination: 'google-ads', status: 'skipped', reason: 'not configured' },
        { destination: 'ga4', status: 'skipped', reason: 'not configured' },
      ],
    });
    const [row] = await w.storage.listOutbox({ destination: 'meta' });
    expect(row?.payload).toMatchObject({ eventId, shopEvent: 'lead', platformEvent: 'Lead', lines: [] });
    expect(row?.payload).not.toHaveProperty('value');
    const again = await postEvent(app, lead({ value: 5, currency: 'EUR' }));
    expect([again.status, ((await again.json()) as { created: boolean }).created]).toEqual([200, false]);
    expect(await w.storage.listOutbox({})).toHaveLength(6);
  });

  it.each([
    ['no server key', lead(), null, 401, 'unauthorized', 'Authorization'],
    [
      'an event Tandem does not deliver',
      lead({ event: 'order_paid' }),
      undefined,
      400,
      'invalid_event',
      'event',
    ],
    [
      'a purchase (orders have their own route)',
      lead({ event: 'purchase' }),
      undefined,
      400,
      'invalid_event',
      'event',
    ],
    ['no id', lead({ id: '' }), undefined, 400, 'invalid_event', 'id'],
    ['a value without currency', lead({ value: 10 }), undefined, 400, 'invalid_event', 'currency'],
    ['an unknown field', lead({ order_id: '1' }), undefined, 400, 'invalid_event', '(body)'],
  ])('refuses %s with the one error shape', async (_label, body, key, status, code, where) => {
    const { app, w } = await shop();
    const res = await postEvent(app, body, key);
    const error = ((await res.json()) as { error: { code: string; where?: string; fix?: string } }).error;
    expect([res.status, error.code, error.where, typeof error.fix]).toEqual([status, code, where, 'string']);
    expect(await w.storage.listOutbox({})).toEqual([]);
  });

  it('maps many shop events to one platform event, sends only mapped ones, and applies a new mapping going forward', async () => {
    const { app, w, map } = await shop();
    await postEvent(app, lead());
    await postEvent(app, lead({ event: 'contact', id: 'C-1' }));
    await postEvent(app, lead({ event: 'sign_up', id: 'acct-7' }));
    await map('meta', {
      purchase: 'Purchase',
      lead: 'CompleteRegistration',
      sign_up: 'CompleteRegistration',
    });
    await postEvent(app, lead({ event: 'sign_up', id: 'acct-8' }));
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    await w.engine(platform.fetch).runOnce();
    const sent = (d: string) =>
      platform.sent
        .filter((s) => s.destination === d)
        .flatMap((s) =>
          d === 'meta'
            ? (s.body as { data: Array<{ event_name: string; event_id: string }> }).data.map((e) => [
                e.event_name,
                e.event_id,
              ])
            : (s.body as Array<{ event_name: string; external_data: string }>).map((e) => [
                e.event_name,
                (JSON.parse(e.external_data) as { tandem_event_id: string }).tandem_event_id,
              ]),
        )
        .sort();
    expect(sent('adroll')).toEqual(
      [
        ['formFill', shopEventId('contact', 'C-1')],
        ['formFill', shopEventId('lead', 'L-42')],
      ].sort(),
    );
    // the lead recorded before the change keeps its mapping; acct-7 came while sign_up was unmapped
    expect(sent('meta')).toEqual(
      [
        ['CompleteRegistration', shopEventId('sign_up', 'acct-8')],
        ['Lead', shopEventId('lead', 'L-42')],
      ].sort(),
    );
  });

  it("applies AdRoll's single-channel and attribution rules to a lead as to a purchase", async () => {
    const { app, w } = await shop({ dedup: 'single-channel', attributionAware: true });
    // the lead page's pixel ran and got the lead as AdRoll's mapped event: AdRoll counted it
    await postBeacon(
      app,
      beacon({
        events: [
          {
            id: shopEventId('lead', 'L-42'),
            name: 'lead',
            ts: w.clock.now,
            url: 'https://shop.test/contact',
            pixels: { adroll: 'loaded', meta: 'blocked' },
            sentAs: { adroll: 'formFill', meta: 'Lead' },
          },
        ],
      }),
      { cookie: `${COOKIES.vidServer}=vid-12345678` },
    );
    await postEvent(app, lead());
    const other = await postEvent(app, lead({ id: 'L-43', cookies: { [COOKIES.consent]: '1' } }));
    expect(((await other.json()) as { destinations: unknown[] }).destinations[0]).toEqual({
      destination: 'adroll',
      status: 'skipped',
      reason: 'attribution-aware: the visitor has no adct',
    });
    const platform = scriptedFetch(() => ({ status: 200, body: {} }));
    const report = await w.engine(platform.fetch).runOnce();
    expect([report.adroll?.byPixel, report.adroll?.requests]).toEqual([1, 0]);
    expect(platform.sent.map((s) => s.destination).sort()).toEqual(['meta']);
  });
});
