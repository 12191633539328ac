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
  const save = (name: string, token: string, opts: Record<string, unknown>) =>
    saveDestinationSettings(storage, box, name, { enabled: true, token, options: opts }, now);
  const { adroll, meta, neuroon, tiktok } = sandbox;
  await save('adroll', adroll.credentials.token, {
    baseUrl: adroll.url,
    advertisableEid: adroll.credentials.advertisable,
    pixelEid: adroll.credentials.pixel,
    graceSeconds: options.adrollGraceSeconds ?? 300,
  });
  await save('meta', meta.credentials.accessToken, { baseUrl: meta.url, pixelId: meta.credentials.pixelId });
  await save('neuroon', neuroon.credentials.apiKey, {
    baseUrl: neuroon.url,
    shopId: neuroon.credentials.shopId,
    origin: options.shopOrigin,
    refundPath: neuroon.credentials.refundPath,
  });
  if (options.tiktok ?? true)
    await save('tiktok', tiktok.credentials.accessToken, {
      baseUrl: tiktok.url,
      pixelCode: tiktok.credentials.pixelCode,
    });
  if (options.google ?? true) {
    const { googleAds, ga4 } = sandbox;
    const g = googleAds.credentials;
    await save('google-ads', `${g.developerToken}:${g.clientSecret}:${g.refreshToken}`, {
      baseUrl: googleAds.url,
      tokenUrl: googleAds.tokenUrl,
      customerId: g.customerId,
      conversionActionId: g.conversionActionId,
      clientId: g.clientId,
    });
    await save('ga4', ga4.credentials.apiSecret, {
      baseUrl: ga4.url,
      measurementId: ga4.credentials.measurementId,
    });
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
