import { createHash } from 'node:crypto';
import { COOKIES } from '@tandem/protocol';
import { describe, expect, it } from 'vitest';
import { fullPurchase } from '../destinations/fixtures.test-helpers.js';
import { meta, MetaOptions } from '../destinations/meta.js';
import { beacon, postBeacon, setup } from '../test-helpers.js';

const DAY = 86_400;
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const xidCookie = (res: Response) =>
  res.headers.getSetCookie().find((c) => c.startsWith(`${COOKIES.externalId}=`));

/** The `external_id` Meta's Conversions API gets for a purchase by `visitorId`. */
async function metaExternalIdOf(visitorId: string): Promise<string> {
  const options = MetaOptions.parse({ pixelId: '1234567890' });
  const req = await meta.buildRequest([fullPurchase({ visitorId })], options, 'token');
  const body = JSON.parse(req.body) as { data: Array<{ user_data: { external_id: string[] } }> };
  return body.data[0]!.user_data.external_id[0]!;
}

describe('beacon route: the readable external_id cookie', () => {
  it("holds the digest Meta's Conversions API gets for the visitor, with the visitor cookie's lifetime", async () => {
    const { app } = setup({ visitorCookieDays: 400 });
    const res = await app.request('https://shop.test/app-data/e', {
      method: 'POST',
      // a server ID with capitals: Meta gets the normalized (lowercased) ID's digest, so does the cookie
      headers: { cookie: `${COOKIES.vidServer}=Server-VID-0001`, origin: 'https://shop.test' },
      body: JSON.stringify(beacon()),
    });
    expect(res.status).toBe(204);
    const digest = sha256('server-vid-0001');
    expect(await metaExternalIdOf('Server-VID-0001')).toBe(digest);
    expect(xidCookie(res)).toBe(
      `${COOKIES.externalId}=${digest}; Max-Age=${400 * DAY}; Path=/; Secure; SameSite=Lax`,
    );
  });

  it('follows a new visitor ID, never holds the ID itself, and is not HttpOnly over http', async () => {
    const { app } = setup();
    const res = await postBeacon(app, beacon({ vid: 'vid-abcdefgh' }));
    expect(xidCookie(res)).toBe(
      `${COOKIES.externalId}=${sha256('vid-abcdefgh')}; Max-Age=${365 * DAY}; Path=/; SameSite=Lax`,
    );
    expect(res.headers.get('set-cookie')).not.toContain(`${COOKIES.externalId}=vid-abcdefgh`);
  });

  it('is not set without ad consent or with GPC, and an earlier one is cleared', async () => {
    const { app } = setup();
    const earlier = `${COOKIES.externalId}=${sha256('vid-12345678')}`;
    for (const consent of [{ ads: false }, { ads: true, gpc: true }]) {
      const res = await postBeacon(app, beacon({ consent }), { cookie: earlier });
      expect(res.status).toBe(204);
      expect(res.headers.getSetCookie()).toEqual([`${COOKIES.externalId}=; Max-Age=0; Path=/`]);
      const fresh = await postBeacon(app, beacon({ consent }));
      expect(fresh.headers.getSetCookie()).toEqual([]);
    }
  });
});
