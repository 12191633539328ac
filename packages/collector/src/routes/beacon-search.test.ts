import { COOKIES } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { beacon, NOW, postBeacon, setup } from '../test-helpers.js';

const DAY = 86_400;
/** Cookie values as a browser sends them: URL-encoded, the JSON text in the order written. */
const jar = (cookies: Record<string, string>) =>
  Object.entries(cookies)
    .map(([name, value]) => `${name}=${encodeURIComponent(value)}`)
    .join('; ');

const pageView = (url: string, id = 'evt-page-0001') => ({ id, name: 'pageView', ts: NOW, url });
const searchClick = (product_id: unknown, search_log_id: unknown, id = 'evt-click-0001') => ({
  id,
  name: 'searchClick',
  ts: NOW,
  url: 'https://shop.test/search?q=shoes',
  props: { product_id, search_log_id },
});
const searchCookie = (res: Response) =>
  res.headers.getSetCookie().filter((c) => c.startsWith(`${COOKIES.search}=`));

describe('beacon search-click map', () => {
  it('builds the map from the batch and the cookies, stores it and re-issues it as _tdm_sl', async () => {
    const { app, storage } = setup({ cookieLifetimes: { search: 30 } });
    const res = await postBeacon(
      app,
      beacon({
        events: [pageView('https://shop.test/p/d?productId=p-d&searchLogId=u4'), searchClick('p-e', 'c5')],
      }),
      {
        cookie: jar({
          // The widget writes in click order (p-b is its newest); Tandem's map most recent first.
          [COOKIES.neuroonWidget]: '{"p-a":"w1","p-b":"w2"}',
          [COOKIES.search]: '{"p-c":"t3","p-a":"t1","p-e":"t5"}',
        }),
      },
    );
    expect(res.status).toBe(204);
    const map = { 'p-e': 'c5', 'p-d': 'u4', 'p-b': 'w2', 'p-a': 'w1', 'p-c': 't3' };
    const visitor = await storage.getVisitor('vid-12345678');
    expect(visitor?.search).toEqual(map);
    expect(Object.keys(visitor!.search)).toEqual(['p-e', 'p-d', 'p-b', 'p-a', 'p-c']);
    expect(searchCookie(res)).toEqual([
      `${COOKIES.search}=${encodeURIComponent(JSON.stringify(map))}; Max-Age=${30 * DAY}; Path=/; SameSite=Lax`,
    ]);
    // The shop's searchClick events are kept like any other event.
    expect(await storage.getEvent('evt-click-0001', 'vid-12345678')).toEqual({
      id: 'evt-click-0001',
      name: 'searchClick',
      visitorId: 'vid-12345678',
      receivedAt: NOW,
      url: 'https://shop.test/search?q=shoes',
      props: { product_id: 'p-e', search_log_id: 'c5' },
      pixels: undefined,
      consent: { ads: true },
      ids: undefined,
    });
  });

  it('keeps numeric product IDs in recency order in the cookie, and marks it Secure on https', async () => {
    const { app } = setup();
    const res = await app.request('https://shop.test/app-data/e', {
      method: 'POST',
      headers: {
        origin: 'https://shop.test',
        cookie: jar({
          [COOKIES.neuroonWidget]: '{"300":"w3","100":"w1"}',
          [COOKIES.search]: '{"200":"t2","5":"t5"}',
        }),
      },
      body: JSON.stringify(beacon({ events: [searchClick(42, 7)] })),
    });
    expect(res.status).toBe(204);
    expect(searchCookie(res)).toEqual([
      `${COOKIES.search}=${encodeURIComponent('{"42":"7","100":"w1","300":"w3","200":"t2","5":"t5"}')}; Max-Age=${90 * DAY}; Path=/; Secure; SameSite=Lax`,
    ]);
  });

  it('keeps the 20 most recent products', async () => {
    const { app, storage } = setup();
    const old = Array.from({ length: 24 }, (_, i) => `"p${i}":"s${i}"`).join(',');
    const res = await postBeacon(app, beacon({ events: [searchClick('new', 'sn')] }), {
      cookie: jar({ [COOKIES.search]: `{${old}}` }),
    });
    const kept = ['"new":"sn"', ...Array.from({ length: 19 }, (_, i) => `"p${i}":"s${i}"`)].join(',');
    expect(searchCookie(res)).toEqual([
      `${COOKIES.search}=${encodeURIComponent(`{${kept}}`)}; Max-Age=${90 * DAY}; Path=/; SameSite=Lax`,
    ]);
    expect(Object.keys((await storage.getVisitor('vid-12345678'))!.search)).toEqual([
      'new',
      ...Array.from({ length: 19 }, (_, i) => `p${i}`),
    ]);
  });

  it('drops the oldest products until the cookie is at most 1,500 bytes URL-encoded', async () => {
    const { app } = setup();
    const id = (i: number) => `p${i}`.padEnd(100, 'x');
    const old = Array.from({ length: 9 }, (_, i) => `"${id(i)}":"${'s'.repeat(100)}"`).join(',');
    const res = await postBeacon(app, beacon(), { cookie: jar({ [COOKIES.search]: `{${old}}` }) });
    const kept = Array.from({ length: 6 }, (_, i) => `"${id(i)}":"${'s'.repeat(100)}"`).join(',');
    const value = encodeURIComponent(`{${kept}}`);
    expect(value.length).toBeLessThanOrEqual(1500);
    expect(searchCookie(res)).toEqual([
      `${COOKIES.search}=${value}; Max-Age=${90 * DAY}; Path=/; SameSite=Lax`,
    ]);
  });

  it('ignores invalid IDs, and sets no cookie when nothing valid is left', async () => {
    const { app, storage } = setup();
    const res = await postBeacon(
      app,
      beacon({
        events: [
          searchClick('', 's1'),
          searchClick('p2', 'x'.repeat(101), 'evt-click-0002'),
          searchClick('p3', null, 'evt-click-0003'),
        ],
      }),
      { cookie: jar({ [COOKIES.neuroonWidget]: '{"p4":"","p5":"s5"', [COOKIES.search]: 'not json' }) },
    );
    expect(res.status).toBe(204);
    expect((await storage.getVisitor('vid-12345678'))?.search).toEqual({ p5: 's5' });
    expect(searchCookie(res)).toEqual([
      `${COOKIES.search}=${encodeURIComponent('{"p5":"s5"}')}; Max-Age=${90 * DAY}; Path=/; SameSite=Lax`,
    ]);

    const empty = await postBeacon(app, beacon({ events: [searchClick('', 's1')] }), {
      cookie: jar({ [COOKIES.search]: '{}' }),
    });
    expect(empty.headers.getSetCookie().filter((c) => !c.startsWith(COOKIES.externalId))).toEqual([
      `${COOKIES.vidServer}=vid-12345678; Max-Age=${365 * DAY}; Path=/; HttpOnly; SameSite=Lax`,
    ]);
  });

  it("places an older tag's body map after the batch's clicks and before the cookies", async () => {
    const { app, storage } = setup();
    const res = await postBeacon(
      app,
      beacon({ search: { 'p-b': 'body-b', 'p-c': 'body-c' }, events: [searchClick('p-a', 'a1')] }),
      {
        cookie: jar({ [COOKIES.search]: '{"p-c":"cookie-c","p-d":"cookie-d","p-a":"cookie-a"}' }),
      },
    );
    expect(res.status).toBe(204);
    const map = { 'p-a': 'a1', 'p-b': 'body-b', 'p-c': 'body-c', 'p-d': 'cookie-d' };
    expect((await storage.getVisitor('vid-12345678'))?.search).toEqual(map);
    expect(searchCookie(res)).toEqual([
      `${COOKIES.search}=${encodeURIComponent(JSON.stringify(map))}; Max-Age=${90 * DAY}; Path=/; SameSite=Lax`,
    ]);
  });

  it("reads every _tdm_sl the request carries, an older tag's domain copy (sent first) as the older", async () => {
    const { app, storage } = setup();
    const tagCopy = encodeURIComponent('{"p1":"old1","p9":"s9"}');
    const serverCopy = encodeURIComponent('{"p2":"s2","p1":"s1"}');
    const res = await postBeacon(app, beacon(), {
      cookie: `${COOKIES.search}=${tagCopy}; ${COOKIES.vid}=vid-12345678; ${COOKIES.search}=${serverCopy}`,
    });
    expect(res.status).toBe(204);
    const map = { p2: 's2', p1: 's1', p9: 's9' };
    expect((await storage.getVisitor('vid-12345678'))?.search).toEqual(map);
    expect(searchCookie(res)).toEqual([
      `${COOKIES.search}=${encodeURIComponent(JSON.stringify(map))}; Max-Age=${90 * DAY}; Path=/; SameSite=Lax`,
    ]);
  });

  it('reads no search cookie and sets none without ad consent', async () => {
    const { app, storage } = setup();
    const res = await postBeacon(
      app,
      beacon({ consent: { ads: false }, events: [searchClick('p1', 's1')] }),
      {
        cookie: jar({ [COOKIES.neuroonWidget]: '{"p2":"s2"}', [COOKIES.search]: '{"p3":"s3"}' }),
      },
    );
    expect(res.status).toBe(204);
    expect((await storage.getVisitor('anonymous'))?.search).toEqual({});
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
