import { describe, expect, it } from 'vitest';
import { CLIENT_IP, drain, order, scriptedFetch, world } from './engine.test-helpers.js';

const META_TOKEN = 'meta-token-1';

async function metaOnly(orders = 2) {
  const w = await world();
  for (const name of ['adroll', 'neuroon']) {
    const s = (await w.storage.getSettings(name))!;
    await w.storage.putSettings({ ...s, enabled: false });
  }
  await w.record(Array.from({ length: orders }, (_, i) => order(i + 1)));
  const rows = await w.storage.listOutbox({ destination: 'meta' });
  return { w, rows: rows.reverse() };
}

describe('the attempt history the engine writes', () => {
  it("records each request with its row's own event, the status and the redacted answer", async () => {
    const { w, rows } = await metaOnly(2);
    const platform = scriptedFetch((_req, i) =>
      i === 0
        ? { status: 500, body: { error: { message: `boom for token ${META_TOKEN}`, code: 1 } } }
        : { status: 200, body: { events_received: 2 } },
    );
    await drain(w, w.engine(platform.fetch));
    expect(platform.sent).toHaveLength(2);
    for (const row of rows) {
      const history = await w.storage.listAttempts(row.id);
      expect(history.map((a) => [a.n, a.status, a.batchSize])).toEqual([
        [2, 200, 2],
        [1, 500, 2],
      ]);
      for (const a of history) {
        const body = JSON.parse(a.body) as { data: Array<{ event_id: string }>; access_token: string };
        // The row's own event only, as the request carried it; the token replaced.
        expect(body.data.map((e) => e.event_id)).toEqual([row.eventId]);
        expect(body.access_token).toBe('[redacted]');
        expect(a.url).toBe(platform.sent[0]?.url);
        expect(JSON.stringify(a)).not.toContain(META_TOKEN);
      }
      expect(history[1]?.response).toBe('{"error":{"message":"boom for token [redacted]","code":1}}');
      expect(history[0]?.response).toBe('{"events_received":2}');
      // The full client IP the request carried is kept as its /24 only.
      expect(history[0]?.body).toContain('"client_ip_address":"203.0.113.0"');
      expect(history[0]?.body).not.toContain(CLIENT_IP);
    }
  });

  it('records a network failure as an error without a status', async () => {
    const { w, rows } = await metaOnly(1);
    const platform = scriptedFetch(() => 'network-error');
    await w.engine(platform.fetch).runOnce();
    const [a] = await w.storage.listAttempts(rows[0]!.id);
    expect([a?.status, a?.error, a?.response]).toEqual([undefined, 'network: fetch failed', '']);
    // Meta got the full client IP; the record, shown on the dashboard, holds only its /24.
    expect(platform.sent[0]?.body).toMatchObject({
      data: [{ user_data: { client_ip_address: CLIENT_IP } }],
    });
    expect(a?.body).toContain('"client_ip_address":"203.0.113.0"');
    expect(a?.body).not.toContain(CLIENT_IP);
  });

  it('records the whole refused request and then each half, when a refusal is bisected', async () => {
    const { w, rows } = await metaOnly(2);
    const platform = scriptedFetch((req) =>
      req.ids.length > 1
        ? { status: 400, body: { error: { message: 'Invalid parameter', code: 100 } } }
        : { status: 200, body: { events_received: 1 } },
    );
    await w.engine(platform.fetch).runOnce();
    for (const row of rows)
      expect((await w.storage.listAttempts(row.id)).map((a) => [a.n, a.status, a.batchSize])).toEqual([
        [2, 200, 1],
        [1, 400, 2],
      ]);
  });

  it('records nothing for a row that was never sent', async () => {
    const { w, rows } = await metaOnly(1);
    const meta = (await w.storage.getSettings('meta'))!;
    await w.storage.putSettings({ ...meta, pausedReason: 'token refused' });
    await w.engine(scriptedFetch(() => ({ status: 200 })).fetch).runOnce();
    expect(await w.storage.listAttempts(rows[0]!.id)).toEqual([]);
  });
});
