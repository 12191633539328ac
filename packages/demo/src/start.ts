/**
 * `startDemo()`: the platform sandbox, the collector on SQLite (or PostgreSQL) with delivery to the
 * sandbox, and the storefront, all on loopback. Used by `pnpm demo` and by the e2e suite.
 */
import { serve, type HttpBindings } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { createCollector, type Collector, type Storage } from '@tandem/collector';
import { nodeClientAddress, nodeCompress, sqliteStorage, tandemServer } from '@tandem/collector/node';
import { isPostgresUrl, postgresStorage } from '@tandem/collector/postgres';
import {
  hostResolverRules,
  pixelScriptUrls,
  startSandbox,
  type Sandbox,
  type SandboxOptions,
} from '@tandem/sandbox';
import { adClickUrl } from './ad-click.js';
import { neuroonCatalog } from './catalog.js';
import { deliverToSandbox, demoDashboard, demoTokenBox, type DemoDelivery } from './delivery.js';
import { createShop } from './shop.js';

const MOUNT = '/app-data';

export interface DemoOptions {
  /** A SQLite file, or a `postgres://` / `postgresql://` URL (the database is migrated on start). */
  dbFile: string;
  /** Shop port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /**
   * `loopback` (default): the pixel scripts load from the sandbox's 127.0.0.1 URLs, so any browser
   * works and nothing reaches the real platforms. `real`: from `s.adroll.com` and
   * `connect.facebook.net`, for a Chromium launched with `chromiumArgs` (filter lists then see the
   * real host names).
   */
  pixelHosts?: 'loopback' | 'real';
  consentMode?: 'optin' | 'optout';
  /** The origin the browser uses for the shop, e.g. `http://shop.test` mapped by Chromium. */
  shopOrigin?: string;
  /** How long AdRoll's server path waits for the purchase beacon (default 300 s). */
  adrollGraceSeconds?: number;
  /** The dashboard's admin secret (at least 16 characters); random per run by default. */
  adminSecret?: string;
  /** The delivery loops' idle wait in ms (default 1000). */
  deliveryIdleMs?: number;
  /** The first retry wait of every destination in ms (default: each platform's own, 10-30 s). */
  deliveryRetryBaseMs?: number;
  sandbox?: Omit<SandboxOptions, 'neuroon'> & {
    neuroon?: Omit<NonNullable<SandboxOptions['neuroon']>, 'catalog'>;
  };
}

export interface RunningDemo {
  /** The shop's home page (under `shopOrigin` when given). */
  shopUrl: string;
  /** The shop's port on 127.0.0.1. */
  port: number;
  /** A landing URL as an ad click makes it, carrying `adct` and `fbclid` (random unless given). */
  adClickUrl(ids?: { adct?: string; fbclid?: string }): string;
  storage: Storage;
  collector: Collector;
  sandbox: Sandbox;
  /** `--host-resolver-rules` for the pixel hosts and, with a `shopOrigin`, the shop's host. */
  hostRules: string;
  /** Turns the delivery engine's late context off and on again (negative controls only). */
  setLateContext(on: boolean): void;
  /** Chromium flags to add (the host rules); launch with `ignoreHTTPSErrors` for Meta's certificate. */
  chromiumArgs: string[];
  /** The dashboard (`<shop>/app-data/admin`) and its secret. */
  dashboard: { url: string; adminSecret: string };
  close(): Promise<void>;
}

export async function startDemo(options: DemoOptions): Promise<RunningDemo> {
  // The server listens first: the sandbox needs the shop's origin, the shop needs the sandbox.
  const ready: { shop?: Hono<{ Bindings: HttpBindings }> } = {};
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve(
      {
        fetch: (req, env) =>
          ready.shop ? ready.shop.fetch(req, env) : new Response('starting', { status: 503 }),
        port: options.port ?? 0,
        hostname: '127.0.0.1',
      },
      () => {
        s.off('error', reject);
        resolve(s);
      },
    );
    // A port in use: the caller says which and how to choose another (`main.ts`).
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shopOrigin = options.shopOrigin ?? `http://127.0.0.1:${port}`;
  const closeServer = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as { closeAllConnections?: () => void }).closeAllConnections?.();
    });

  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox({
      ...options.sandbox,
      neuroon: { ...options.sandbox?.neuroon, origin: shopOrigin, catalog: neuroonCatalog() },
    });
  } catch (error) {
    await closeServer();
    throw error;
  }
  let storage: Storage;
  try {
    storage = isPostgresUrl(options.dbFile)
      ? await postgresStorage(options.dbFile)
      : sqliteStorage(options.dbFile);
  } catch (error) {
    await Promise.all([closeServer(), sandbox.close()]);
    throw error;
  }
  let delivery: DemoDelivery | undefined;
  const real = options.pixelHosts === 'real';
  const pixels = real
    ? pixelScriptUrls(sandbox)
    : {
        adroll: `${sandbox.adroll.url}/j/{adv}/roundtrip.js`,
        meta: `${sandbox.meta.url}/en_US/fbevents.js`,
      };
  const adminSecret = options.adminSecret ?? crypto.randomUUID();
  let collector: Collector;
  try {
    const box = await demoTokenBox();
    collector = tandemCollector(
      storage,
      sandbox,
      pixels,
      options.consentMode ?? 'optin',
      demoDashboard(storage, box, adminSecret, `${MOUNT}/admin`),
      () => delivery?.wake(),
    );
    delivery = await deliverToSandbox(storage, box, sandbox, {
      shopOrigin,
      ...(options.adrollGraceSeconds !== undefined ? { adrollGraceSeconds: options.adrollGraceSeconds } : {}),
      ...(options.deliveryIdleMs !== undefined ? { idleMs: options.deliveryIdleMs } : {}),
      ...(options.deliveryRetryBaseMs !== undefined ? { retryBaseMs: options.deliveryRetryBaseMs } : {}),
    });
  } catch (error) {
    await Promise.all([closeServer(), sandbox.close(), storage.close()]);
    throw error;
  }
  ready.shop = createShop({
    collector,
    orders: tandemServer(collector),
    widget: { src: sandbox.neuroon.widgetUrl, shopId: sandbox.neuroon.credentials.shopId },
  });

  const shopHost = options.shopOrigin ? new URL(options.shopOrigin).hostname : undefined;
  const hostRules = hostResolverRules(sandbox, shopHost ? { [shopHost]: port } : {});
  return {
    shopUrl: `${shopOrigin}/`,
    port,
    adClickUrl: (ids) => adClickUrl(`${shopOrigin}/`, ids),
    storage,
    collector,
    sandbox,
    hostRules,
    setLateContext: (on) => {
      if (delivery) delivery.lateContext.on = on;
    },
    chromiumArgs: [`--host-resolver-rules=${hostRules}`],
    dashboard: { url: `${shopOrigin}${MOUNT}/admin`, adminSecret },
    close: async () => {
      await delivery?.stop();
      await Promise.all([closeServer(), sandbox.close()]);
      await storage.close();
    },
  };
}

function tandemCollector(
  storage: Storage,
  sandbox: Sandbox,
  pixels: { adroll: string; meta: string },
  consentMode: 'optin' | 'optout',
  admin: Hono,
  onOrderRecorded: () => void,
): Collector {
  return createCollector(
    {
      mountPath: MOUNT,
      consentMode,
      adroll: {
        advertiserId: sandbox.adroll.credentials.advertisable,
        pixelId: sandbox.adroll.credentials.pixel,
        scriptUrl: pixels.adroll,
      },
      meta: { pixelId: sandbox.meta.credentials.pixelId, scriptUrl: pixels.meta },
      // Playwright drives the demo with headless Chromium, which bot lists name.
      limits: { dropBots: false },
    },
    { storage, compress: nodeCompress, onOrderRecorded, admin, clientAddress: nodeClientAddress },
  );
}
