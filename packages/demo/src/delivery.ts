/**
 * The operator's side of the demo: a token key, the dashboard, Tandem's destinations pointed
 * at the sandbox, and delivery in the background, all through the collector's public API.
 */
import {
  createTokenBox,
  dashboardRoutes,
  DESTINATIONS,
  generateTokenKey,
  parseTokenKeys,
  saveDestinationSettings,
  settingsService,
  startDelivery,
  type RunningDelivery,
  type Storage,
  type TokenBox,
} from '@tandem/collector';
import { nodeClientAddress } from '@tandem/collector/node';
import { sandboxConnections } from '@tandem/collector/testing';
import type { Sandbox } from '@tandem/sandbox';

/** A fresh key per run: the demo's stored tokens are re-saved at every start. */
export const demoTokenBox = (): Promise<TokenBox> => createTokenBox(parseTokenKeys(generateTokenKey('demo')));

/** The marketer's dashboard, to mount at `<mount>/admin`; failed logins count per socket address. */
export const demoDashboard = (storage: Storage, box: TokenBox, adminSecret: string, basePath: string) =>
  dashboardRoutes({
    adminSecret,
    basePath,
    storage,
    settings: settingsService({ storage, box }),
    clientAddress: nodeClientAddress,
  });

/**
 * The shop events the demo sends besides purchases: its lead form's `lead` goes to AdRoll as
 * `formFill` and to Meta as `Lead`. Neuroon keeps its default mapping (orders and refunds only).
 */
export const DEMO_MAPPINGS = {
  adroll: { purchase: 'purchase', lead: 'formFill' },
  meta: { purchase: 'Purchase', lead: 'Lead' },
} as const satisfies Record<string, Record<string, string>>;

export async function deliverToSandbox(
  storage: Storage,
  box: TokenBox,
  sandbox: Sandbox,
  options: {
    shopOrigin: string;
    /** Also deliver to TikTok (default true). */
    tiktok?: boolean;
    /** Also deliver to Google Ads and GA4 (default true). */
    google?: boolean;
    adrollGraceSeconds?: number;
    idleMs?: number;
    retryBaseMs?: number;
  },
): Promise<DemoDelivery> {
  const now = Date.now();
  const save = (
    name: string,
    token: string,
    opts: Record<string, unknown>,
    mapping?: Record<string, string>,
  ) =>
    saveDestinationSettings(
      storage,
      box,
      name,
      { enabled: true, token, options: opts, ...(mapping && { mapping }) },
      now,
    );
  const to = sandboxConnections(sandbox);
  const adrollOptions = { ...to.adroll.options, graceSeconds: options.adrollGraceSeconds ?? 300 };
  await save('adroll', to.adroll.token, adrollOptions, DEMO_MAPPINGS.adroll);
  await save('meta', to.meta.token, to.meta.options, DEMO_MAPPINGS.meta);
  await save('neuroon', to.neuroon.token, { ...to.neuroon.options, origin: options.shopOrigin });
  if (options.tiktok ?? true) await save('tiktok', to.tiktok.token, to.tiktok.options);
  if (options.google ?? true) {
    await save('google-ads', to['google-ads'].token, to['google-ads'].options);
    await save('ga4', to.ga4.token, to.ga4.options);
  }
  const lateContext = { on: true };
  const running = await startDelivery({
    storage,
    tokenBox: box,
    lateContext: () => lateContext.on,
    idleMs: options.idleMs ?? 1000,
    ...(options.retryBaseMs !== undefined ? { registry: withRetryBase(options.retryBaseMs) } : {}),
    log: (n) => console.error(`demo delivery ${n.destination}: ${n.message}`),
  });
  return { ...running, lateContext };
}

export interface DemoDelivery extends RunningDelivery {
  /** Late context (page URL, IP, user agent from the visitor's beacons) on or off: off only for negative controls. */
  lateContext: { on: boolean };
}

/**
 * The destinations with a shorter first retry wait (tests staging an outage): the platforms'
 * policies wait 10-30 s before the first retry. A platform's `Retry-After` is still honoured.
 */
const withRetryBase = (baseMs: number) =>
  DESTINATIONS.map((d) => ({ ...d, retry: { ...d.retry, baseMs, capMs: 4 * baseMs } }));
