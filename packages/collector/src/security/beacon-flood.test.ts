/**
 * Beacon floods from one client, over real HTTP with the default limits: the rows written per
 * second stay within the client's bucket (its burst plus its rate), the rest is answered 429 with
 * `Retry-After` and the one error shape. Also: IPv6 clients count by /64, a forged
 * `X-Forwarded-For` prefix does not make a new client, one visitor is capped per minute.
 */
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../config.js';
import { beaconBody, postBeacon, served, type Served } from './served-collector.test-helpers.js';

let target: Served | undefined;
afterEach(() => target?.close());

const count = (file: string, table: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
};

const events = (n: number) =>
  Array.from({ length: n }, () => ({
    id: `evt-${crypto.randomUUID()}`,
    name: 'pageView',
    ts: Date.now(),
    url: 'https://shop.test/',
  }));

describe('a beacon flood from one client', () => {
  it('writes no more rows per second than the client limit allows', async () => {
    target = await served();
    const { clientEventsPerSecond: rate, clientEventBurst: burst } = parseConfig({}).limits;
    const SECONDS = 5;
    const MAX_REQUESTS = 20_000;
    const MAX_SECONDS = 20;
    const PER_BEACON = 5;
    const statuses = new Map<number, number>();
    const bad: string[] = [];
    let sent = 0;
    const start = Date.now();
    const worker = async () => {
      // At least SECONDS, and on until the bucket ran dry once (a loaded machine sends slowly).
      const going = () =>
        Date.now() - start < (statuses.has(429) ? SECONDS : MAX_SECONDS) * 1000 && sent < MAX_REQUESTS;
      while (going()) {
        sent++;
        // A new visitor each time, as the original flood did: the per-visitor cap cannot help.
        const res = await postBeacon(
          target!.url,
          beaconBody({ vid: crypto.randomUUID(), events: events(PER_BEACON) }),
        );
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (res.status === 429) {
          const body = (await res.json()) as { error: { code: string; where: string; fix: string } };
          if (
            body.error.code !== 'rate_limited' ||
            !body.error.fix ||
            !(Number(res.headers.get('retry-after')) >= 1)
          )
            bad.push(JSON.stringify([res.headers.get('retry-after'), body]));
        } else await res.arrayBuffer();
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    const elapsed = (Date.now() - start) / 1000;
    const rows = count(target.dbFile, 'events');
    const visitors = count(target.dbFile, 'visitors');
    const figure = {
      requests: sent,
      requestsPerSecond: Math.round(sent / elapsed),
      accepted: statuses.get(204) ?? 0,
      refused429: statuses.get(429) ?? 0,
      eventRows: rows,
      eventRowsPerSecond: Math.round(rows / elapsed),
      visitorRows: visitors,
      seconds: Math.round(elapsed * 10) / 10,
    };
    console.log(`beacon flood, default limits: ${JSON.stringify(figure)}`);
    expect(bad).toEqual([]);
    expect([...statuses.keys()].sort()).toEqual([204, 429]);
    // Each accepted beacon wrote its events; nothing more than the bucket holds got through.
    expect(rows).toBe(figure.accepted * PER_BEACON);
    expect(rows).toBeLessThanOrEqual(burst + rate * elapsed);
    expect(visitors).toBeLessThanOrEqual(figure.accepted);
  }, 40_000);

  it('counts an IPv6 client by its /64, and the last X-Forwarded-For hop behind a proxy', async () => {
    target = await served({ trustProxy: true, limits: { clientEventsPerSecond: 0.1, clientEventBurst: 2 } });
    const from = (forwarded: string) =>
      postBeacon(target!.url, beaconBody({ vid: crypto.randomUUID() }), { 'x-forwarded-for': forwarded });
    expect((await from('2001:db8:1:2::1')).status).toBe(204);
    expect((await from('2001:db8:1:2:ffff:ffff:ffff:ffff')).status).toBe(204);
    const third = await from('2001:db8:1:2::abcd');
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({ error: { code: 'rate_limited', where: 'client address' } });
    // Another /64 is another client; a spoofed first hop does not make one.
    expect((await from('2001:db8:1:3::1')).status).toBe(204);
    expect((await from('203.0.113.9, 2001:db8:1:2::1')).status).toBe(429);
  });

  it('caps the events of one visitor per minute', async () => {
    target = await served({
      limits: { clientEventsPerSecond: 10_000, clientEventBurst: 10_000, visitorEventsPerMinute: 12 },
    });
    const vid = crypto.randomUUID();
    const answers: number[] = [];
    for (let i = 0; i < 5; i++)
      answers.push((await postBeacon(target.url, beaconBody({ vid, events: events(5) }))).status);
    expect(answers).toEqual([204, 204, 429, 429, 429]);
    const res = await postBeacon(target.url, beaconBody({ vid, events: events(1) }));
    expect(res.status).toBe(204); // two tokens were left: the cap refuses a batch, not the visitor
    expect(count(target.dbFile, 'events')).toBe(11);
  });
});
