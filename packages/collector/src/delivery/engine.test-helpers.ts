/**
 * Shared set-up for the engine tests: a memory storage with the three destinations configured,
 * orders recorded through the real planner, a fake clock, and a scripted `fetch` that records
 * every request (the loopback sandbox servers replace it in the outage tests once they exist).
 */
import { purchaseEventId } from '@tandem/protocol';
import { memoryStorage } from '../storage/memory.js';
import type { Storage, StoredOrder } from '../storage/types.js';
import { createDeliveryEngine, type EngineDeps } from './engine.js';
import { planOutbox } from './plan.js';
import { createTokenBox, parseTokenKeys, type TokenBox } from './secrets.js';
import { saveDestinationSettings } from './settings.js';

export const START = Date.parse('2026-11-20T12:00:00.000Z');
/** The customer's full IP as the shop sent it (the stored order keeps `203.0.113.0`). */
export const CLIENT_IP = '203.0.113.7';
const KEY = 'k1:' + btoa(String.fromCharCode(...new Uint8Array(32).fill(3)));

export interface Sent {
  destination: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** Event IDs in the request (Meta `event_id`, AdRoll `external_data`, Neuroon `orderId`). */
  ids: string[];
  /** Fake-clock time of the request. */
  at: number;
}

export type Reply = { status: number; body?: unknown; headers?: Record<string, string> } | 'network-error';

export function destinationOf(url: string): string {
  if (url.includes('/events')) return 'meta';
  if (url.includes('/api?advertisable')) return 'adroll';
  return 'neuroon';
}

function idsOf(destination: string, body: unknown): string[] {
  if (destination === 'meta')
    return (body as { data: Array<{ event_id: string }> }).data.map((e) => e.event_id);
  if (destination === 'adroll') {
    return (body as Array<{ external_data: string }>).map(
      (e) => (JSON.parse(e.external_data) as { tandem_event_id: string }).tandem_event_id,
    );
  }
  return [purchaseEventId((body as { orderId: string }).orderId)];
}

/** A scripted platform: `reply` decides each answer; every request is kept in `sent`. */
export function scriptedFetch(
  reply: (req: Sent, index: number) => Reply | Promise<Reply>,
  now: () => number = () => 0,
) {
  const sent: Sent[] = [];
  const accepted: Sent[] = [];
  const fetchFn = async (url: string, init: RequestInit): Promise<Response> => {
    const destination = destinationOf(url);
    const body = JSON.parse(String(init.body)) as unknown;
    const req: Sent = {
      destination,
      url,
      headers: init.headers as Record<string, string>,
      body,
      ids: idsOf(destination, body),
      at: now(),
    };
    sent.push(req);
    const answer = await reply(req, sent.length - 1);
    if (answer === 'network-error') throw new TypeError('fetch failed');
    if (answer.status >= 200 && answer.status < 300) accepted.push(req);
    return new Response(answer.body === undefined ? '' : JSON.stringify(answer.body), {
      status: answer.status,
      headers: { 'content-type': 'application/json', ...answer.headers },
    });
  };
  return { fetch: fetchFn, sent, accepted };
}

export function order(n: number, overrides: Partial<StoredOrder> = {}): StoredOrder {
  const orderId = String(1000 + n);
  return {
    orderId,
    kind: 'purchase',
    eventId: purchaseEventId(orderId),
    value: 25,
    currency: 'EUR',
    lines: [{ productId: 'p1', quantity: 1, price: 25 }],
    user: {},
    ip: '203.0.113.0',
    userAgent: 'UA',
    pageUrl: 'https://shop.example/thanks',
    visitorId: 'v1',
    consent: { ads: true },
    source: 'server',
    confirmedAt: START,
    ...overrides,
  };
}

export interface World {
  storage: Storage;
  box: TokenBox;
  clock: { now: number };
  record(orders: StoredOrder[]): Promise<void>;
  engine(fetchFn: EngineDeps['fetch'], extra?: Partial<EngineDeps>): ReturnType<typeof createDeliveryEngine>;
}

/** AdRoll in always-send mode without attribution, so every order is eligible everywhere. */
export async function world(
  options: { adroll?: Record<string, unknown>; neuroon?: Record<string, unknown>; storage?: Storage } = {},
) {
  const storage = options.storage ?? memoryStorage();
  const box = await createTokenBox(parseTokenKeys(KEY));
  const clock = { now: START };
  const save = (name: string, opts: Record<string, unknown>, token: string) =>
    saveDestinationSettings(storage, box, name, { enabled: true, token, options: opts }, START);
  await save(
    'adroll',
    { advertisableEid: 'ADV', pixelEid: 'PIX', dedup: 'always', attributionAware: false, ...options.adroll },
    'adroll-token-1',
  );
  await save('meta', { pixelId: '1234567890' }, 'meta-token-1');
  await save(
    'neuroon',
    { shopId: 's1', origin: 'https://shop.example', concurrency: 4, ...options.neuroon },
    'sk_1',
  );
  const w: World = {
    storage,
    box,
    clock,
    async record(orders) {
      const settings = await storage.listSettings();
      for (const o of orders) {
        const visitor = {
          id: 'v1',
          firstSeen: START,
          lastSeen: START,
          clickIds: {},
          search: { p1: 'sl_1' },
          consent: { ads: true },
          user: {},
        };
        const rows = planOutbox({
          order: o,
          visitor,
          beacon: undefined,
          settings,
          // the configured ones: a test that adds a destination's settings gets its rows too
          destinations: settings.map((s) => s.destination),
          now: clock.now,
          clientIp: CLIENT_IP,
        });
        await storage.recordOrder(o, rows);
      }
    },
    engine: (fetchFn, extra = {}) =>
      createDeliveryEngine({
        storage,
        box,
        fetch: fetchFn,
        now: () => clock.now,
        random: () => 0.5,
        ...extra,
      }),
  };
  return w;
}

/** Runs rounds, jumping the clock to the next due row each time, until nothing is pending. */
export async function drain(w: World, engine: ReturnType<typeof createDeliveryEngine>, maxRounds = 200) {
  for (let round = 0; round < maxRounds; round++) {
    await engine.runOnce();
    const pending = await w.storage.listOutbox({ status: 'pending', limit: 100_000 });
    if (pending.length === 0) return round + 1;
    const paused = (await w.storage.listSettings()).filter((s) => s.pausedReason).map((s) => s.destination);
    const waiting = pending.filter((r) => !paused.includes(r.destination));
    if (waiting.length === 0) return round + 1;
    const next = Math.min(...waiting.map((r) => r.nextAttemptAt));
    w.clock.now = Math.max(w.clock.now + 1_000, next);
  }
  throw new Error(`outbox not drained after ${maxRounds} rounds`);
}

export async function statuses(storage: Storage) {
  const rows = await storage.listOutbox({ limit: 100_000 });
  return rows
    .map(
      (r) => `${r.destination} ${r.eventId.slice(0, 6)} ${r.status}${r.via ? `/${r.via}` : ''} ${r.attempts}`,
    )
    .sort();
}
