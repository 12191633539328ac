/**
 * Test fixtures for the dashboard: the routes mounted on the in-memory storage with the real
 * settings service and token box, a platform double for "test connection", and a browser-like
 * client that keeps cookies.
 */
import { Hono } from 'hono';
import { planOutbox } from '../delivery/plan.js';
import { memoryStorage } from '../storage/memory.js';
import type { Settlement, Storage, StoredOrder } from '../storage/types.js';
import { dashboardRoutes } from './index.js';
import type { DashboardDeps } from './ports.js';
import { settingsService } from './settings-service.js';
import { createTokenBox, generateTokenKey, parseTokenKeys } from '../delivery/secrets.js';

export const SECRET = 'correct horse battery staple';
export const BASE = '/app-data/admin';

/** A platform double for "test connection": accepts one token, refuses others, records requests. */
export function platformFetch(goodToken = 'good-token-1234') {
  const requests: Array<{ url: string; headers: Record<string, string>; body: unknown }> = [];
  const fake = async (url: string | URL | Request, init?: RequestInit) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    requests.push({ url: String(url), headers, body: JSON.parse(String(init?.body ?? 'null')) });
    const ok = headers.authorization === `Token ${goodToken}`;
    return new Response(ok ? '{}' : 'unauthorized', { status: ok ? 200 : 401 });
  };
  return { fetch: fake as typeof fetch, requests };
}

export async function makeDashboard(overrides: Partial<DashboardDeps> = {}) {
  const storage = memoryStorage();
  let clock = Date.UTC(2026, 10, 23, 12, 0, 0);
  const box = await createTokenBox(parseTokenKeys(generateTokenKey('k1')));
  const platform = platformFetch();
  const settings = settingsService({ storage, box, fetch: platform.fetch, now: () => clock });
  const deps: DashboardDeps = {
    adminSecret: SECRET,
    basePath: BASE,
    storage,
    settings,
    now: () => clock,
    ...overrides,
  };
  const app = new Hono().route(BASE, dashboardRoutes(deps));
  return {
    app,
    deps,
    storage,
    box,
    platform,
    tick: (ms: number) => (clock += ms),
    now: () => clock,
    client: () => client(app),
  };
}

export type Client = ReturnType<typeof client>;

/** Keeps cookies between requests, like a browser on one site. */
export function client(app: Hono) {
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const request = async (path: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    if (jar.size) headers.set('cookie', cookieHeader());
    const res = await app.request(`http://shop.test${path}`, { ...init, headers });
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const [name = '', value = ''] = pair.split('=');
      if (/Max-Age=0/i.test(line) || value === '') jar.delete(name);
      else jar.set(name, value);
    }
    return res;
  };
  return {
    jar,
    request,
    get: (path: string, headers?: Record<string, string>) => request(path, headers ? { headers } : {}),
    post: (path: string, form: Record<string, string | string[]>, headers?: Record<string, string>) => {
      const body = new URLSearchParams();
      for (const [k, v] of Object.entries(form)) for (const one of [v].flat()) body.append(k, one);
      return request(path, {
        method: 'POST',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      });
    },
    /** Logs in through the form; returns the session's CSRF token read from the next page. */
    async login(secret = SECRET, headers?: Record<string, string>) {
      const form = await (await this.get(`${BASE}/login`)).text();
      const res = await this.post(`${BASE}/login`, { csrf: csrfOf(form), secret }, headers);
      return res;
    },
    async csrf(path = `${BASE}/destinations`) {
      return csrfOf(await (await this.get(path)).text());
    },
  };
}

export function csrfOf(html: string): string {
  return /name="csrf" value="([^"]+)"/.exec(html)?.[1] ?? '';
}

/** Records one confirmed purchase through the real planner, as the order route will. */
export async function recordPurchase(
  storage: Storage,
  orderId: string,
  at: number,
  extra: Partial<StoredOrder> = {},
  destinations: readonly string[] = ['adroll', 'meta'],
) {
  const order: StoredOrder = {
    orderId,
    kind: 'purchase',
    eventId: `o_${orderId}`,
    value: 42,
    currency: 'EUR',
    lines: [{ productId: 'p1', quantity: 1, price: 42 }],
    user: {},
    consent: { ads: true },
    source: 'server',
    confirmedAt: at,
    ...extra,
  };
  const outbox = planOutbox({
    order,
    visitor: undefined,
    beacon: undefined,
    settings: await storage.listSettings(),
    destinations,
    now: at,
  });
  return storage.recordOrder(order, outbox);
}

/** Settles one pending row through the storage's lease, as the delivery engine would. */
export async function settleRow(
  storage: Storage,
  destination: string,
  eventId: string,
  settlement: Settlement,
  now: number,
) {
  const lease = await storage.claimDue(destination, now + 3600_000, 0, 1000);
  const row = lease.rows.find((r) => r.eventId === eventId);
  if (!row) throw new Error(`no pending ${destination} row for ${eventId}`);
  if (!(await storage.settle(row.id, lease.token, settlement, now))) throw new Error('settle refused');
}
