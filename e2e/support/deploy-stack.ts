/**
 * The deployment guide's set-up, on loopback: the sandbox's platforms; the collector started by the
 * guide's command (`npx tandem serve --config tandem.json`, the guide's JSON plus the sandbox's
 * pixels and destinations) in a project that installs it; the demo shop's pages served on their
 * own, confirming orders over HTTP with `tandemClient`; and a reverse proxy (the guide's Nginx or
 * Caddy snippet) in front of both at `https://shop.test:<port>`.
 */
import { serve } from '@hono/node-server';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tandemClient } from '@tandem/collector/node';
import { createShop, neuroonCatalog } from '@tandem/demo';
import { selfSignedCertificate, startSandbox, type Sandbox } from '@tandem/sandbox';
import { caddySite, guideConfig, guideServeCommand, nginxServer, type Ports } from './deploy-doc.js';
import {
  cleanEnv,
  freePort,
  killGroup,
  REPO,
  startGroup,
  waitForOutput,
  type Group,
} from './readme-process.js';
import { startCaddy, startNginx, type RunningProxy } from './reverse-proxy.js';

export type ProxyKind = 'nginx' | 'caddy';
export const SHOP_HOST = 'shop.test';
const SERVER_KEY = 'deploy-guide-server-key-0123456789';

export interface DeployStack {
  /** `https://shop.test:<port>`, as the browser reaches the proxy. */
  shopOrigin: string;
  /** Chromium's `--host-resolver-rules` value sending `shop.test` to the proxy. */
  hostRules: string;
  sandbox: Sandbox;
  proxy: RunningProxy;
  /** The collector's SQLite file (read after `stopCollector`). */
  dbFile: string;
  /** What the collector printed (for a failure message). */
  collectorOutput(): string;
  /** SIGTERM to the collector's process group; its exit code and last line. */
  stopCollector(): Promise<{ code: number | null; last: string | undefined }>;
  close(): Promise<void>;
}

/** A project that installs the collector: the package and its `tandem` bin in node_modules. */
function project(dir: string, config: unknown): string {
  const root = join(dir, 'project');
  mkdirSync(join(root, 'node_modules/@tandem'), { recursive: true });
  mkdirSync(join(root, 'node_modules/.bin'));
  symlinkSync(join(REPO, 'packages/collector'), join(root, 'node_modules/@tandem/collector'));
  symlinkSync('../@tandem/collector/bin/tandem.mjs', join(root, 'node_modules/.bin/tandem'));
  writeFileSync(join(root, 'package.json'), '{"name":"shop","private":true}');
  writeFileSync(join(root, 'tandem.json'), JSON.stringify(config));
  return root;
}

/** The guide's JSON, plus the sandbox's pixels and the three destinations pointed at it. */
function collectorConfig(sandbox: Sandbox, shopOrigin: string) {
  const { adroll, meta, neuroon } = sandbox;
  return {
    ...guideConfig(),
    // A loaded test machine may take longer than the default to run a pixel script.
    pixelTimeout: 10_000,
    adroll: {
      advertiserId: adroll.credentials.advertisable,
      pixelId: adroll.credentials.pixel,
      scriptUrl: `${adroll.url}/j/{adv}/roundtrip.js`,
    },
    meta: { pixelId: meta.credentials.pixelId, scriptUrl: `${meta.url}/en_US/fbevents.js` },
    destinations: {
      adroll: {
        sharing: true,
        token: { env: 'ADROLL_TOKEN' },
        options: {
          baseUrl: adroll.url,
          advertisableEid: adroll.credentials.advertisable,
          pixelEid: adroll.credentials.pixel,
          // The order comes before the thank-you page's purchase beacon: AdRoll's row waits this long
          // for it (default: minutes), well past the pixel timeout, short for a test.
          graceSeconds: 15,
        },
      },
      meta: {
        sharing: true,
        token: { env: 'META_TOKEN' },
        options: { baseUrl: meta.url, pixelId: meta.credentials.pixelId },
      },
      neuroon: {
        sharing: true,
        token: { env: 'NEUROON_TOKEN' },
        options: {
          baseUrl: neuroon.url,
          shopId: neuroon.credentials.shopId,
          origin: shopOrigin,
          refundPath: neuroon.credentials.refundPath,
        },
      },
    },
  };
}

async function startShop(sandbox: Sandbox, collectorPort: number) {
  const shop = createShop({
    mountPath: '/app-data',
    orders: tandemClient({
      url: `http://127.0.0.1:${collectorPort}/app-data`,
      serverKey: SERVER_KEY,
      trustProxy: true,
    }),
    widget: { src: sandbox.neuroon.widgetUrl, shopId: sandbox.neuroon.credentials.shopId },
  });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: shop.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

export async function startDeployStack(kind: ProxyKind): Promise<DeployStack> {
  const dir = mkdtempSync(join(tmpdir(), `tandem-e2e-deploy-${kind}-`));
  const cleanup: Array<() => Promise<void> | void> = [() => rmSync(dir, { recursive: true, force: true })];
  const close = async () => {
    for (const step of cleanup.splice(0).reverse()) await step();
  };
  try {
    const proxyPort = await freePort();
    const shopOrigin = `https://${SHOP_HOST}:${proxyPort}`;
    const sandbox = await startSandbox({ neuroon: { origin: shopOrigin, catalog: neuroonCatalog() } });
    cleanup.push(() => sandbox.close());

    const collectorPort = await freePort();
    const root = project(dir, collectorConfig(sandbox, shopOrigin));
    const dbFile = join(root, 'tandem.db');
    const collector: Group = startGroup(
      guideServeCommand(),
      root,
      cleanEnv({
        PORT: String(collectorPort),
        TANDEM_DB: dbFile,
        TANDEM_SERVER_KEY: SERVER_KEY,
        TANDEM_TOKEN_KEYS: 'k1:' + Buffer.alloc(32, 7).toString('base64'),
        ADROLL_TOKEN: sandbox.adroll.credentials.token,
        META_TOKEN: sandbox.meta.credentials.accessToken,
        NEUROON_TOKEN: sandbox.neuroon.credentials.apiKey,
      }),
    );
    cleanup.push(() => killGroup(collector.pid));
    await waitForOutput(collector, /tandem: collector at http:\/\/\S+/, 60_000);

    const shop = await startShop(sandbox, collectorPort);
    cleanup.push(() => shop.close());

    const ports: Ports = { proxy: proxyPort, collector: collectorPort, shop: shop.port };
    const { key, cert } = await selfSignedCertificate([SHOP_HOST]);
    const tls = { cert: join(dir, 'shop.crt'), key: join(dir, 'shop.key') };
    writeFileSync(tls.cert, cert);
    writeFileSync(tls.key, key, { mode: 0o600 });
    const proxy =
      kind === 'nginx'
        ? await startNginx(dir, nginxServer(ports, tls), proxyPort)
        : await startCaddy(dir, caddySite(ports, SHOP_HOST, tls), proxyPort);
    cleanup.push(() => proxy.stop());

    return {
      shopOrigin,
      hostRules: `MAP ${SHOP_HOST} 127.0.0.1:${proxyPort}`,
      sandbox,
      proxy,
      dbFile,
      collectorOutput: () => collector.stdout() + collector.stderr(),
      stopCollector: async () => {
        process.kill(-collector.pid, 'SIGTERM');
        const code = await collector.closed;
        return { code, last: collector.stdout().trim().split('\n').at(-1) };
      },
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
