import { describe, expect, it } from 'vitest';
import { order, pending } from '../storage/contract-fixtures.js';
import { memoryStorage } from '../storage/memory.js';
import { beacon, postBeacon, SERVER_KEY, setup } from '../test-helpers.js';

describe('health and metrics', () => {
  it('reports storage health', async () => {
    const { app } = setup();
    const res = await app.request('/app-data/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, storage: 'ok' });
    const broken = { ...memoryStorage(), ping: () => Promise.reject(new Error('down')) };
    const down = await setup({}, { storage: broken }).app.request('/app-data/health');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, storage: 'unreachable' });
  });

  it('counts events by kind, rejects by reason and storage latency, behind the server key', async () => {
    const { app } = setup();
    await postBeacon(
      app,
      beacon({
        events: [
          { id: 'evt-12345678', name: 'pageView', ts: 1, url: 'u' },
          { id: 'evt-22345678', name: 'weird<>name', ts: 1, url: 'u' },
        ],
      }),
    );
    await postBeacon(app, '{');
    expect((await app.request('/app-data/metrics')).status).toBe(401);
    const res = await app.request('/app-data/metrics', {
      headers: { authorization: `Bearer ${SERVER_KEY}` },
    });
    expect(res.status).toBe(200);
    const text = await res.text();
    const lines = text.split('\n');
    expect(lines).toContain('tandem_events_received_total{kind="pageView"} 1');
    expect(lines).toContain('tandem_events_received_total{kind="other"} 1');
    expect(lines).toContain('tandem_rejects_total{route="beacon",reason="invalid_json"} 1');
    expect(lines).toContain('tandem_rejects_total{route="metrics",reason="unauthorized"} 1');
    expect(lines).toContain('tandem_storage_seconds_count{op="recordBeacon"} 1');
  });

  it('can serve metrics publicly or not at all', async () => {
    expect((await setup({ metrics: 'public' }).app.request('/app-data/metrics')).status).toBe(200);
    expect((await setup({ metrics: 'off' }).app.request('/app-data/metrics')).status).toBe(404);
  });

  it('answers unknown routes with the JSON error shape', async () => {
    const res = await setup().app.request('/app-data/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: { code: 'not_found', message: 'No such Tandem route.', where: '/app-data/nope' },
    });
  });

  it('purges raw events and delivery attempts past the retention', async () => {
    const storage = memoryStorage();
    const old = setup({ retentionDays: 1 }, { storage, now: () => 1_000 }).app;
    await postBeacon(old, beacon());
    const { outbox } = await storage.recordOrder(order(), [pending('meta')]);
    const sent = { url: 'https://graph.test/', body: '{}', batchSize: 1, status: 200, response: '' };
    const id = outbox[0]!.id;
    await storage.recordAttempts([
      { ...sent, at: 1_000, rowId: id },
      { ...sent, at: 1_000 + 10, rowId: id },
    ]);
    const later = setup({ retentionDays: 1 }, { storage, now: () => 1_000 + 86_400_001 }).app;
    expect(await later.purgeRawEvents()).toBe(1);
    expect(await storage.listEvents()).toEqual([]);
    expect((await storage.listAttempts(id)).map((a) => a.at)).toEqual([1_010]);
  });
});
