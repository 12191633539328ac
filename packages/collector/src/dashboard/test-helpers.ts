/**
 * Test fixtures for the dashboard: the routes mounted on the in-memory storage, a browser-like
 * client that keeps cookies, and a settings service double that behaves like the real one for
 * the dashboard's purposes (keeps tokens out of storage, reports the last four).
 */
import { Hono } from 'hono';
import { planOutbox } from '../delivery/plan.js';
import { memoryStorage } from '../storage/memory.js';
import type { DestinationSettings, Storage, StoredOrder } from '../storage/types.js';
import { dashboardRoutes } from './index.js';
import type { DashboardDeps, DashboardSettings, DestinationView, SettingsPatch } from './ports.js';

export const SECRET = 'correct horse battery staple';
export const BASE = '/app-data/admin';

/** Keeps settings in storage and tokens in memory only, like the real service keeps them encrypted. */
export function settingsDouble(
  storage: Storage,
): DashboardSettings & { tokens: Map<string, string>; patches: unknown[] } {
  const tokens = new Map<string, string>();
  const patches: unknown[] = [];
  const catalog = [
    { destination: 'adroll', label: 'AdRoll', platformEvents: ['purchase', 'addToCart', 'pageView'] },
    { destination: 'meta', label: 'Meta', platformEvents: ['Purchase', 'AddToCart', 'Lead'] },
  ];
  const stored = async (name: string): Promise<DestinationSettings> =>
    (await storage.getSettings(name)) ?? {
      destination: name,
      enabled: false,
      mapping: {},
      options: {},
      updatedAt: 0,
    };
  return {
    tokens,
    patches,
    async describe() {
      return Promise.all(
        catalog.map(async (entry): Promise<DestinationView> => {
          const s = await stored(entry.destination);
          const token = tokens.get(entry.destination);
          return {
            ...entry,
            enabled: s.enabled,
            mapping: s.mapping,
            options: s.options,
            ...(token && { tokenLast4: token.slice(-4) }),
            ...(s.pausedReason && { pausedReason: s.pausedReason }),
            fields:
              entry.destination === 'adroll'
                ? [
                    {
                      key: 'attributionWindowDays',
                      label: 'Attribution window (days)',
                      type: 'number',
                      min: 1,
                      max: 365,
                      integer: true,
                    },
                    {
                      key: 'dedup',
                      label: 'Server mode',
                      type: 'select',
                      choices: [
                        { value: 'single-channel', label: 'single-channel' },
                        { value: 'always', label: 'always' },
                      ],
                    },
                  ]
                : [],
          };
        }),
      );
    },
    async save(name, patch: SettingsPatch) {
      patches.push({ name, ...patch, ...(patch.token && { token: '(redacted)' }) });
      if (
        patch.options &&
        'attributionWindowDays' in patch.options &&
        patch.options.attributionWindowDays === 99
      ) {
        return { ok: false, message: 'Attribution window (days): 99 is refused by this double.' };
      }
      const s = await stored(name);
      if (patch.token) tokens.set(name, patch.token);
      const { pausedReason, ...rest } = s;
      await storage.putSettings({
        ...rest,
        ...(patch.enabled !== undefined && { enabled: patch.enabled }),
        ...(patch.mapping && { mapping: patch.mapping }),
        ...(patch.options && { options: patch.options }),
        ...(pausedReason && !patch.token && !patch.resume && { pausedReason }),
        updatedAt: s.updatedAt + 1,
      });
      return { ok: true };
    },
    async testConnection(name) {
      const token = tokens.get(name);
      return token === 'good-token-1234'
        ? { ok: true, message: 'the platform accepted the token', mode: 'dry run' }
        : {
            ok: false,
            message: token ? 'the platform refused the token (401)' : 'no token stored',
            mode: 'dry run',
          };
    },
  };
}

export function makeDashboard(overrides: Partial<DashboardDeps> = {}) {
  const storage = memoryStorage();
  const settings = settingsDouble(storage);
  let clock = Date.UTC(2026, 10, 23, 12, 0, 0);
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
    storage,
    settings,
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
