import { describe, expect, it } from 'vitest';
import { extrasTemplate } from '@tandem/browser-tag/served';
import { TAG_CONFIG_PLACEHOLDER } from '@tandem/protocol';
import { parseConfig } from '../config.js';
import { memoryStorage } from '../storage/memory.js';
import { metaOn, setup } from '../test-helpers.js';
import { PIXEL_MAP_TTL_MS, pixelMap } from './pixel-map.js';

const pixels = {
  adroll: { advertiserId: 'ADV123456', pixelId: 'PIX123456' },
  meta: { pixelId: '1234567890' },
};

/** The config the served extras carry. */
async function servedExtras(app: ReturnType<typeof setup>['app']) {
  const res = await app.request('/app-data/tag-extras.js');
  const body = await res.text();
  const [before, after] = extrasTemplate.split(TAG_CONFIG_PLACEHOLDER);
  return {
    etag: res.headers.get('etag'),
    config: JSON.parse(body.slice(before!.length, -after!.length || undefined)),
  };
}

describe("the extras' pixel mappings", () => {
  it('name every shop event for each configured pixel, by default only the purchase', () => {
    expect(pixelMap(parseConfig(pixels), [])).toEqual({
      purchase: { adroll: 'purchase', meta: 'Purchase' },
      refund: {},
      lead: {},
      sign_up: {},
      subscribe: {},
      start_trial: {},
      contact: {},
    });
  });

  it("follow each destination's saved mapping and leave out pixels the config does not load", () => {
    const map = pixelMap(parseConfig({ meta: pixels.meta }), [
      { ...metaOn, mapping: { purchase: 'Purchase', lead: 'Lead', sign_up: 'CompleteRegistration' } },
      { ...metaOn, destination: 'tiktok', mapping: { purchase: 'CompletePayment', lead: 'SubmitForm' } },
    ]);
    expect([map.purchase, map.lead, map.sign_up, map.refund]).toEqual([
      { meta: 'Purchase' },
      { meta: 'Lead' },
      { meta: 'CompleteRegistration' },
      {},
    ]);
  });

  it('reach the served extras within the reuse time after a change, with a new ETag; the tag stays', async () => {
    let now = 1_800_000_000_000;
    const storage = memoryStorage();
    const { app } = setup(pixels, { storage, now: () => now });
    const tagEtag = (await app.request('/app-data/tag.js')).headers.get('etag');
    const first = await servedExtras(app);
    expect([first.config.map.lead, first.config.adroll, first.config.meta.pixel]).toEqual([
      {},
      undefined,
      '1234567890',
    ]);
    await storage.putSettings({ ...metaOn, destination: 'adroll', mapping: { lead: 'formFill' } });
    now += PIXEL_MAP_TTL_MS - 1;
    expect(await servedExtras(app)).toEqual(first);
    now += 1;
    const changed = await servedExtras(app);
    expect([changed.config.map.lead, changed.config.map.purchase]).toEqual([
      { adroll: 'formFill' },
      { meta: 'Purchase' },
    ]);
    expect(changed.etag).not.toBe(first.etag);
    expect((await app.request('/app-data/tag.js')).headers.get('etag')).toBe(tagEtag);
  });

  it('keep serving the last mappings read when the settings cannot be read', async () => {
    let now = 1_800_000_000_000;
    const storage = memoryStorage();
    await storage.putSettings({ ...metaOn, destination: 'adroll', mapping: { lead: 'formFill' } });
    const { app } = setup(pixels, { storage, now: () => now });
    const first = await servedExtras(app);
    storage.listSettings = () => Promise.reject(new Error('SQLITE_IOERR'));
    now += PIXEL_MAP_TTL_MS;
    const res = await app.request('/app-data/tag-extras.js');
    expect(res.status).toBe(200);
    expect((await servedExtras(app)).config.map).toEqual(first.config.map);
  });
});
