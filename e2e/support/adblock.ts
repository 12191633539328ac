/**
 * An ad-blocked Chromium from a real filter list (e2e/README.md): AdGuard's filters as shipped,
 * converted to declarativeNetRequest, by `@adguard/dnr-rulesets`, loaded into a minimal Manifest V3
 * extension that Chromium itself enforces. Rulesets 2 (AdGuard Base) and 3 (Tracking Protection).
 *
 * The extension is built once per run and machine state (a folder in the temp dir named after the
 * package version and ruleset IDs); copying ~245,000 rules takes seconds and ~0.5 GB, so never per
 * test.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from '@playwright/test';
import { chromiumArgs } from '../playwright.config.js';

/** AdGuard Base filter and AdGuard Tracking Protection filter (`filters_i18n.json`). */
export const DEFAULT_RULESETS = [2, 3] as const;

function rulesetsRoot(): { dir: string; version: string } {
  // e2e's own devDependency; its exports do not expose the JSON, so it is read from the folder.
  const root = join(
    dirname(fileURLToPath(import.meta.url)),
    '..',
    'node_modules',
    '@adguard',
    'dnr-rulesets',
  );
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string })
    .version;
  return { dir: join(root, 'dist', 'filters', 'declarative'), version };
}

let built: Map<string, string> | undefined;

/** Writes the extension (once) and returns its folder. */
export function buildAdblockExtension(rulesets: readonly number[] = DEFAULT_RULESETS): string {
  const { dir: source, version } = rulesetsRoot();
  const key = `${version}-${rulesets.join('-')}`;
  built ??= new Map();
  const known = built.get(key);
  if (known) return known;
  const target = join(tmpdir(), `tandem-adblock-${key}`);
  // manifest.json is written last: its presence means a complete build.
  if (!existsSync(join(target, 'manifest.json'))) {
    const staging = mkdtempSync(join(tmpdir(), 'tandem-adblock-build-'));
    for (const id of rulesets) {
      const rules = JSON.parse(
        readFileSync(join(source, `ruleset_${id}`, `ruleset_${id}.json`), 'utf8'),
      ) as unknown[];
      // The first rule of each file only carries AdGuard's metadata.
      writeFileSync(join(staging, `ruleset_${id}.json`), JSON.stringify(rules.slice(1)));
    }
    writeFileSync(
      join(staging, 'manifest.json'),
      JSON.stringify({
        manifest_version: 3,
        name: 'Tandem e2e: AdGuard filters',
        version: '1.0',
        permissions: ['declarativeNetRequest'],
        host_permissions: ['<all_urls>'],
        declarative_net_request: {
          rule_resources: rulesets.map((id) => ({
            id: `ruleset_${id}`,
            enabled: true,
            path: `ruleset_${id}.json`,
          })),
        },
      }),
    );
    rmSync(target, { recursive: true, force: true });
    mkdirSync(dirname(target), { recursive: true });
    try {
      renameSync(staging, target);
    } catch (error) {
      // Another worker finished the same build first: use theirs.
      rmSync(staging, { recursive: true, force: true });
      if (!existsSync(join(target, 'manifest.json'))) throw error;
    }
  }
  built.set(key, target);
  return target;
}

export interface AdblockBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/**
 * Launches Chromium with the extension in a fresh profile. `args` adds flags such as
 * `--host-resolver-rules=...`; HTTPS errors are ignored for the sandbox's self-signed Meta host.
 * Resolves once the rules are enforced (see `waitForRules`).
 */
export async function launchAdblockChromium(
  options: { args?: string[]; rulesets?: readonly number[]; probeUrl?: string } = {},
): Promise<AdblockBrowser> {
  const extension = buildAdblockExtension(options.rulesets);
  const profile = mkdtempSync(join(tmpdir(), 'tandem-adblock-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    ignoreHTTPSErrors: true,
    args: [
      ...chromiumArgs,
      `--disable-extensions-except=${extension}`,
      `--load-extension=${extension}`,
      ...(options.args ?? []),
    ],
    ignoreDefaultArgs: ['--disable-extensions'],
  });
  const close = async () => {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  };
  try {
    await waitForRules(context, options.probeUrl);
  } catch (error) {
    await close();
    throw error;
  }
  return { context, close };
}

/** What the browser did with a subresource: its failure text, or `loaded`. */
export async function subresourceOutcome(page: Page, url: string): Promise<string> {
  const failed = new Promise<string>((resolve) => {
    page.on('requestfailed', (r) => {
      if (r.url() === url) resolve(r.failure()?.errorText ?? 'failed');
    });
    page.on('requestfinished', (r) => {
      if (r.url() === url) resolve('loaded');
    });
  });
  await page.evaluate((u) => {
    const s = document.createElement('script');
    s.src = u;
    document.head.appendChild(s);
  }, url);
  return failed;
}

/**
 * Loading the rules takes a moment after start: probe a URL the lists block until Chromium
 * refuses it (at most ~15 s). The probe host is never mapped to a server, so a probe that slips
 * through before the rules are in only fails to resolve.
 */
async function waitForRules(context: BrowserContext, probeUrl = 'http://d.adroll.com/probe/roundtrip.js') {
  const page = await context.newPage();
  try {
    await page.setContent('<!doctype html><title>probe</title>');
    let last = '';
    for (let attempt = 0; attempt < 30; attempt++) {
      last = await subresourceOutcome(page, `${probeUrl}?n=${attempt}`);
      if (last === 'net::ERR_BLOCKED_BY_CLIENT') return;
      await page.waitForTimeout(500);
    }
    throw new Error(`the filter rules were not enforced after 30 probes (last outcome: ${last})`);
  } finally {
    await page.close();
  }
}
