import { describe, expect, it } from 'vitest';
import { createCollector } from './app.js';
import { memoryStorage } from './storage/memory.js';

const batch = {
  v: 1,
  consent: { ads: true },
  events: [{ id: 'evt-12345678', name: 'pageView', ts: 1_700_000_000_000, url: 'https://shop.test/' }],
};

describe('collector walking skeleton', () => {
  it('serves the tag with its config inlined', async () => {
    const app = createCollector({}, { storage: memoryStorage() });
    const res = await app.request('/app-data/tag.js');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"endpoint":"/app-data/e"');
    expect(text).not.toContain('__TANDEM_CONFIG__');
  });

  it('stores a valid beacon before it answers 204', async () => {
    const storage = memoryStorage();
    const app = createCollector({}, { storage });
    const res = await app.request('/app-data/e', { method: 'POST', body: JSON.stringify(batch) });
    expect(res.status).toBe(204);
    expect((await storage.listEvents()).map((e) => [e.id, e.url])).toEqual([
      ['evt-12345678', 'https://shop.test/'],
    ]);
  });

  it('rejects a malformed beacon with a 400 that says where', async () => {
    const storage = memoryStorage();
    const app = createCollector({}, { storage });
    const res = await app.request('/app-data/e', {
      method: 'POST',
      body: JSON.stringify({ ...batch, events: [{ ...batch.events[0], url: 7 }] }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: 'invalid_beacon', where: 'events.0.url' } });
    expect(await storage.listEvents()).toEqual([]);
  });
});
