/**
 * What the checkout flows run against, started once per file: the demo (collector on SQLite or
 * PostgreSQL, storefront, sandbox, delivery engine) under the real pixel host names and
 * `http://shop.test`, a plain Chromium, and an ad-blocked Chromium (AdGuard's real lists; the
 * extension is built once). The engine's timings are short so a staged outage recovers within
 * seconds.
 */
import { chromium, type Browser, type BrowserContext } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabase, startPostgres } from '@tandem/collector/testing/postgres';
import { startDemo, type RunningDemo } from '@tandem/demo';
import { chromiumArgs } from '../playwright.config.js';
import { launchAdblockChromium, type AdblockBrowser } from './adblock.js';

export type BrowserKind = 'plain' | 'adblock';

export interface CheckoutStack {
  demo: RunningDemo;
  /** The collector's database: a SQLite file or a `postgres://` URL. */
  db: { kind: StackDb; url: string };
  /** A fresh, empty context (no cookies, no storage) of the given browser. */
  context(kind: BrowserKind): Promise<BrowserContext>;
  /** Closes the context a flow used (the ad-blocked one is emptied instead: it is the profile). */
  release(kind: BrowserKind, context: BrowserContext): Promise<void>;
  /** An HTTP call to the shop itself (the host `shop.test` only exists inside Chromium). */
  shopFetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

export const SHOP_ORIGIN = 'http://shop.test';

/** The collector's storage: a SQLite file, or a fresh database on a throwaway PostgreSQL server. */
export type StackDb = 'sqlite' | 'postgres';

/**
 * A fresh database for the stack: a SQLite file in `dir`, or a database on
 * `TANDEM_TEST_DATABASE_URL`'s server or else on a PostgreSQL started for the stack.
 */
async function openDb(db: StackDb, dir: string): Promise<{ dbFile: string; close(): Promise<void> }> {
  if (db === 'sqlite') return { dbFile: join(dir, 'demo.db'), close: async () => {} };
  const existing = process.env.TANDEM_TEST_DATABASE_URL;
  const server = existing ? { url: existing, stop: async () => {} } : await startPostgres();
  try {
    const database = await freshDatabase(server.url, 'tandem_e2e');
    return {
      dbFile: database.url,
      close: async () => {
        await database.drop();
        await server.stop();
      },
    };
  } catch (error) {
    await server.stop();
    throw error;
  }
}

export async function startCheckoutStack(db: StackDb = 'sqlite'): Promise<CheckoutStack> {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-e2e-checkout-'));
  const database = await openDb(db, dir);
  const demo = await startDemo({
    dbFile: database.dbFile,
    pixelHosts: 'real',
    shopOrigin: SHOP_ORIGIN,
    consentMode: 'optin',
    // Pixel states are known from the visit's beacons, so the grace only matters if one is lost.
    adrollGraceSeconds: 2,
    deliveryIdleMs: 100,
    // Long enough that a flow can arm the next failure between two attempts, short enough for seconds.
    deliveryRetryBaseMs: 1000,
  }).catch(async (error: unknown) => {
    await database.close();
    throw error;
  });
  let plain: Browser | undefined;
  let adblock: AdblockBrowser | undefined;
  const close = async () => {
    await adblock?.close();
    await plain?.close();
    await demo.close();
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    plain = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [...chromiumArgs, ...demo.chromiumArgs],
    });
    adblock = await launchAdblockChromium({ args: demo.chromiumArgs });
  } catch (error) {
    await close();
    throw error;
  }
  const browsers = { plain, adblock };
  return {
    demo,
    db: { kind: db, url: database.dbFile },
    context: async (kind) => {
      if (kind === 'plain') return browsers.plain.newContext({ ignoreHTTPSErrors: true });
      const context = browsers.adblock.context;
      await context.clearCookies();
      return context;
    },
    release: async (kind, context) => {
      if (kind === 'plain') return context.close();
      await context.clearCookies();
      // The profile outlives the flow: empty the shop origin's storage too (the tag's queue). A
      // script URL is opened so no page of the shop (and no tag) runs while doing it.
      const page = await context.newPage();
      await page.goto(`${SHOP_ORIGIN}/app-data/tag.js`);
      await page.evaluate(() => {
        localStorage.clear();
        sessionStorage.clear();
      });
      await Promise.all(context.pages().map((p) => p.close()));
    },
    shopFetch: (path, init) => fetch(`http://127.0.0.1:${demo.port}${path}`, init),
    close,
  };
}

/**
 * Safari's 7-day cap on script-set cookies, staged: every cookie JavaScript can see is deleted,
 * only the HttpOnly ones (which only the server can set) remain.
 */
export async function wipeScriptCookies(context: BrowserContext): Promise<string[]> {
  const kept = (await context.cookies()).filter((c) => c.httpOnly);
  await context.clearCookies();
  await context.addCookies(kept);
  return kept.map((c) => c.name).sort();
}
