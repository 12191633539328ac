/**
 * The collector with its dashboard on SQLite, served on 127.0.0.1 with a free port, the real
 * delivery engine (run on demand) and a platform double instead of the internet.
 */
import { serve } from '@hono/node-server';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createCollector,
  createDeliveryEngine,
  createTokenBox,
  dashboardRoutes,
  generateTokenKey,
  parseTokenKeys,
  settingsService,
} from '@tandem/collector';
import { sqliteStorage } from '@tandem/collector/node';
import { platformDouble } from './dashboard-platform.js';

export const ADMIN_SECRET = 'e2e admin secret, long enough';
export const TOKENS = { adroll: 'adroll-TOKEN-secret-4242', meta: 'EAAmetaTOKENsecret7788' };

export async function startDashboardStack() {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-dashboard-'));
  const storage = sqliteStorage(join(dir, 'tandem.db'));
  const box = await createTokenBox(parseTokenKeys(generateTokenKey('k1')));
  const platform = platformDouble(TOKENS);
  const settings = settingsService({ storage, box, fetch: platform.fetch });
  const admin = dashboardRoutes({
    adminSecret: ADMIN_SECRET,
    basePath: '/app-data/admin',
    storage,
    settings,
  });
  const collector = createCollector({ mountPath: '/app-data' }, { storage, admin });
  const engine = createDeliveryEngine({ storage, box, fetch: platform.fetch, now: Date.now });
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: collector.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    adminUrl: `http://127.0.0.1:${port}/app-data/admin`,
    storage,
    collector,
    engine,
    platform,
    /** Every byte the database keeps on disk (main file, WAL, journal). */
    databaseBytes: () =>
      readdirSync(dir)
        .map((name) => readFileSync(join(dir, name)).toString('latin1'))
        .join('\n'),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => void storage.close().then(resolve, resolve));
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}

export type DashboardStack = Awaited<ReturnType<typeof startDashboardStack>>;
