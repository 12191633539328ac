import type { Hono } from 'hono';
import { adrollApp, type AdRollCredentials } from './adroll/server.js';
import type { PlatformState } from './endpoint.js';
import { ga4App, type Ga4Credentials } from './ga4/server.js';
import { googleAdsApp, type GoogleAdsCredentials } from './google-ads/server.js';
import { Ledger } from './ledger.js';
import { listen, type Listening } from './listen.js';
import { metaApp, type MetaCredentials } from './meta/server.js';
import { neuroonApp, type NeuroonCredentials } from './neuroon/server.js';
import { CatalogItem } from './neuroon/widget-routes.js';
import { FailSpec, SlowSpec, Switches } from './switches.js';
import { tiktokApp, type TiktokCredentials } from './tiktok/server.js';
import { selfSignedCertificate } from './tls.js';
import { PLATFORMS, type LedgerTally, type LedgerView, type Platform } from './types.js';

export interface SandboxOptions {
  adroll?: Partial<AdRollCredentials>;
  meta?: Partial<MetaCredentials>;
  neuroon?: Partial<NeuroonCredentials> & { catalog?: CatalogItem[] };
  googleAds?: Partial<GoogleAdsCredentials>;
  ga4?: Partial<Ga4Credentials>;
  tiktok?: Partial<TiktokCredentials>;
  /**
   * Also serve Meta and TikTok over TLS for the browser (connect.facebook.net is HSTS-preloaded;
   * the tag loads TikTok's events.js over https). Default true.
   */
  tls?: boolean;
  /** The platforms' clock in epoch ms (Meta's 7-day and 48-hour rules). Default `Date.now`. */
  now?: () => number;
}

export const DEFAULT_CREDENTIALS = {
  adroll: { token: 'sandbox-adroll-token', advertisable: 'SANDBOXADV', pixel: 'SANDBOXPIX' },
  meta: { accessToken: 'sandbox-meta-token', pixelId: '1234567890' },
  neuroon: {
    apiKey: 'sk_sandbox_neuroon',
    shopId: 'sandbox-shop',
    origin: 'http://shop.test',
    refundPath: '/track/refund',
  },
  tiktok: { accessToken: 'sandbox-tiktok-token', pixelCode: 'CSANDBOXTIKTOKPIXEL0' },
  googleAds: {
    clientId: 'sandbox-client.apps.googleusercontent.com',
    clientSecret: 'GOCSPX-sandbox-client-secret',
    refreshToken: '1//sandbox-refresh-token',
    developerToken: 'sandbox-developer-token',
    customerId: '1234567890',
    conversionActionId: '987654321',
  },
  ga4: { measurementId: 'G-SANDBOX01', apiSecret: 'sandbox-ga4-api-secret' },
} as const satisfies {
  adroll: AdRollCredentials;
  meta: MetaCredentials;
  neuroon: NeuroonCredentials;
  tiktok: TiktokCredentials;
  googleAds: GoogleAdsCredentials;
  ga4: Ga4Credentials;
};

export interface PlatformSandbox<C> {
  /** Base URL (http, 127.0.0.1) to configure the destination with. */
  url: string;
  port: number;
  credentials: C;
  ledger(): LedgerView;
  /** The ledger's sizes without a copy of it. */
  tally(): LedgerTally;
  fail(spec: FailSpec): void;
  slow(spec: SlowSpec): void;
  reset(): void;
}

export interface Sandbox {
  adroll: PlatformSandbox<AdRollCredentials>;
  /** `tlsPort`: the same Meta server over https, for `connect.facebook.net` in a browser. */
  meta: PlatformSandbox<MetaCredentials> & { tlsPort?: number };
  /** `widgetUrl`: the search widget script for the shop's pages. */
  neuroon: PlatformSandbox<NeuroonCredentials> & { widgetUrl: string };
  /** `tlsPort`: the same TikTok server over https, for `analytics.tiktok.com` in a browser. */
  tiktok: PlatformSandbox<TiktokCredentials> & { tlsPort?: number };
  /** `tokenUrl`: the OAuth token endpoint (same server). */
  googleAds: PlatformSandbox<GoogleAdsCredentials> & { tokenUrl: string };
  ga4: PlatformSandbox<Ga4Credentials>;
  ledger(platform: Platform): LedgerView;
  tally(platform: Platform): LedgerTally;
  fail(platform: Platform, spec: FailSpec): void;
  slow(platform: Platform, spec: SlowSpec): void;
  /** Empties every ledger and disarms every switch. */
  reset(): void;
  close(): Promise<void>;
}

/** Starts the platform servers on 127.0.0.1 (free ports). */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? Date.now;
  const creds = {
    adroll: { ...DEFAULT_CREDENTIALS.adroll, ...options.adroll },
    meta: { ...DEFAULT_CREDENTIALS.meta, ...options.meta },
    neuroon: {
      ...DEFAULT_CREDENTIALS.neuroon,
      ...Object.fromEntries(Object.entries(options.neuroon ?? {}).filter(([k]) => k !== 'catalog')),
    } as NeuroonCredentials,
    tiktok: { ...DEFAULT_CREDENTIALS.tiktok, ...options.tiktok },
    googleAds: { ...DEFAULT_CREDENTIALS.googleAds, ...options.googleAds },
    ga4: { ...DEFAULT_CREDENTIALS.ga4, ...options.ga4 },
  };
  const catalog = CatalogItem.array().parse(options.neuroon?.catalog ?? []);
  const state = (platform: Platform): PlatformState => ({
    ledger: new Ledger(platform),
    switches: new Switches(),
    now,
  });
  const states = {
    adroll: state('adroll'),
    meta: state('meta'),
    neuroon: state('neuroon'),
    tiktok: state('tiktok'),
    googleAds: state('googleAds'),
    ga4: state('ga4'),
  };
  const apps: Record<Platform, Hono> = {
    adroll: adrollApp(states.adroll, creds.adroll),
    meta: metaApp(states.meta, creds.meta),
    neuroon: neuroonApp(states.neuroon, creds.neuroon, catalog),
    tiktok: tiktokApp(states.tiktok, creds.tiktok),
    googleAds: googleAdsApp(states.googleAds, creds.googleAds),
    ga4: ga4App(states.ga4, creds.ga4),
  };

  const servers: Listening[] = [];
  try {
    const up = async (app: Hono, tls?: { key: string; cert: string }) => {
      const s = await listen(app, tls);
      servers.push(s);
      return s.port;
    };
    const ports = {
      adroll: await up(apps.adroll),
      meta: await up(apps.meta),
      neuroon: await up(apps.neuroon),
      tiktok: await up(apps.tiktok),
      googleAds: await up(apps.googleAds),
      ga4: await up(apps.ga4),
    };
    const certificate =
      options.tls === false
        ? undefined
        : await selfSignedCertificate(['connect.facebook.net', 'analytics.tiktok.com', 'localhost']);
    const tlsPort = certificate && (await up(apps.meta, certificate));
    const tiktokTlsPort = certificate && (await up(apps.tiktok, certificate));

    const handle = <C>(p: Platform, credentials: C): PlatformSandbox<C> => ({
      url: `http://127.0.0.1:${ports[p]}`,
      port: ports[p],
      credentials,
      ledger: () => states[p].ledger.view(),
      tally: () => states[p].ledger.tally(),
      fail: (spec) => states[p].switches.fail(FailSpec.parse(spec)),
      slow: (spec) => states[p].switches.slow(SlowSpec.parse(spec)),
      reset: () => {
        states[p].ledger.reset();
        states[p].switches.reset();
      },
    });
    const sandbox: Sandbox = {
      adroll: handle('adroll', creds.adroll),
      meta: { ...handle('meta', creds.meta), ...(tlsPort ? { tlsPort } : {}) },
      neuroon: {
        ...handle('neuroon', creds.neuroon),
        widgetUrl: `http://127.0.0.1:${ports.neuroon}/widget.js`,
      },
      tiktok: { ...handle('tiktok', creds.tiktok), ...(tiktokTlsPort ? { tlsPort: tiktokTlsPort } : {}) },
      googleAds: {
        ...handle('googleAds', creds.googleAds),
        tokenUrl: `http://127.0.0.1:${ports.googleAds}/token`,
      },
      ga4: handle('ga4', creds.ga4),
      ledger: (p) => sandbox[p].ledger(),
      tally: (p) => sandbox[p].tally(),
      fail: (p, spec) => sandbox[p].fail(spec),
      slow: (p, spec) => sandbox[p].slow(spec),
      reset: () => PLATFORMS.forEach((p) => sandbox[p].reset()),
      close: async () => {
        await Promise.all(servers.map((s) => s.close()));
      },
    };
    return sandbox;
  } catch (error) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }
}
