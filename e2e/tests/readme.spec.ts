/**
 * The README's commands, run as a person runs them (see `support/readme-process.ts`):
 * 1. the demo's install-and-run line from the repository root: buy once in the shop, log in to the
 *    dashboard and load every page, then Ctrl-C the process group: one "stopped" line, ports free,
 *    no process left;
 * 2. `tandem serve` from a directory outside the repository, with destinations as code pointed at
 *    the sandbox: one order posted to /app-data/orders is delivered; every dashboard page loads;
 * 3. the collector README's CLI block, as written, in a project that installs the collector, with
 *    the README's example config (`tandem check` parses it), and the CLI from the repository root;
 * 4. the build from the repository root, which prints the tag's sizes.
 * The command strings here are what docs/commands.test.ts counts as run.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { startSandbox, type Sandbox } from '@tandem/sandbox';
import { buy, land } from '../support/checkout-shopper.js';
import {
  cleanEnv,
  freePort,
  groupAlive,
  killGroup,
  listening,
  REPO,
  startGroup,
  waitForOutput,
  walkDashboard,
  type Group,
} from '../support/readme-process.js';

const started: Group[] = [];
const dirs: string[] = [];
const tempDir = (name: string) => {
  const dir = mkdtempSync(join(tmpdir(), `tandem-readme-${name}-`));
  dirs.push(dir);
  return dir;
};
test.afterEach(() => {
  for (const g of started.splice(0)) killGroup(g.pid);
});
test.afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Signals the group as Ctrl-C does; resolves with the exit code once no process of it is left. */
async function interrupt(group: Group, signal: NodeJS.Signals = 'SIGINT') {
  const sent = Date.now();
  process.kill(-group.pid, signal);
  const code = await group.closed;
  while (groupAlive(group.pid) && Date.now() - sent < 10_000) await new Promise((r) => setTimeout(r, 50));
  return { code, ms: Date.now() - sent, alive: groupAlive(group.pid) };
}

test('the demo from the repository root: buy, every dashboard page, Ctrl-C', async ({ browser }) => {
  test.setTimeout(420_000);
  const port = await freePort();
  const data = tempDir('demo');
  const demo = startGroup(
    'npx --yes pnpm@10 install && npx --yes pnpm@10 demo',
    REPO,
    cleanEnv({ PORT: String(port), TANDEM_DEMO_DB: join(data, 'demo.db') }),
  );
  started.push(demo);
  await waitForOutput(demo, /Ctrl-C stops it\./, 360_000);
  const out = demo.stdout();
  const shopUrl = /Shop:\s+(\S+)/.exec(out)?.[1] ?? '';
  const [, dashboard = '', secret = ''] = /Dashboard:\s+(\S+)\s+\(admin secret: ([^)]+)\)/.exec(out) ?? [];
  const ledgerPorts = [...out.matchAll(/http:\/\/127\.0\.0\.1:(\d+)\/__sandbox\/ledger/g)].map((m) =>
    Number(m[1]),
  );
  // AdRoll, Meta, Neuroon and TikTok print their ledgers.
  expect([shopUrl, ledgerPorts.length]).toEqual([`http://127.0.0.1:${port}/`, 4]);

  const context = await browser.newContext();
  const page = await land(context, { landing: shopUrl, consent: 'accept' });
  const orderId = await buy(page, { query: 'shoe', quantity: 1 });
  expect(orderId).not.toBe('');
  await walkDashboard(page, dashboard, secret);
  // The order reached the dashboard's deliveries list through the collector.
  await expect
    .poll(async () => (await page.goto(`${dashboard}/deliveries`), await page.content()), { timeout: 20_000 })
    .toContain(orderId);
  await context.close();

  const stop = await interrupt(demo);
  const stoppedLines = demo
    .stdout()
    .split('\n')
    .filter((line) => /stopp/i.test(line));
  const open = await Promise.all([port, ...ledgerPorts].map(listening));
  expect({ alive: stop.alive, within10s: stop.ms < 10_000, stoppedLines, open }).toEqual({
    alive: false,
    within10s: true,
    stoppedLines: ['Tandem demo stopped.'],
    open: [false, false, false, false, false],
  });
});

test.describe('tandem serve outside the repository', () => {
  let sandbox: Sandbox;
  test.beforeAll(async () => {
    sandbox = await startSandbox();
  });
  test.afterAll(async () => {
    await sandbox.close();
  });

  test('delivers one order to the sandbox with destinations as code; every dashboard page loads', async ({
    page,
  }) => {
    test.setTimeout(120_000);
    const dir = tempDir('serve');
    const config = {
      destinations: {
        meta: {
          sharing: true,
          options: { pixelId: sandbox.meta.credentials.pixelId, baseUrl: sandbox.meta.url },
          token: { env: 'META_CAPI_TOKEN' },
        },
      },
    };
    writeFileSync(join(dir, 'tandem.json'), JSON.stringify(config));
    const port = await freePort();
    const serverKey = 'readme-server-key-0123456789abcdef';
    const secret = 'readme dashboard secret 0123';
    const bin = join(REPO, 'packages/collector/bin/tandem.mjs');
    const keys = startGroup(`node ${bin} new-token-key k1`, dir, cleanEnv({}));
    const key = (await keys.closed, keys.stdout().trim());
    const serve = startGroup(
      `node ${bin} serve --config ./tandem.json`,
      dir,
      cleanEnv({
        PORT: String(port),
        TANDEM_SERVER_KEY: serverKey,
        TANDEM_TOKEN_KEYS: key,
        TANDEM_ADMIN_SECRET: secret,
        META_CAPI_TOKEN: sandbox.meta.credentials.accessToken,
      }),
    );
    started.push(serve);
    const [, url = ''] = await waitForOutput(serve, /collector at (http:\/\/\S+) /, 60_000);
    expect(serve.stdout()).toContain(`tandem: database ${join(dir, 'tandem.db')}`);
    const order = {
      order_id: 'readme-1',
      value: 42.5,
      currency: 'EUR',
      email: 'reader@example.com',
      ip: '203.0.113.7',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
      page_url: 'https://shop.example/thanks',
      consent: { ads: true },
    };
    const res = await fetch(`${url}/orders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${serverKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(order),
    });
    expect(res.status).toBe(201);
    await expect
      .poll(
        () =>
          sandbox
            .ledger('meta')
            .counted.map((c) => (c.data as { custom_data?: { order_id?: string } }).custom_data?.order_id),
        { timeout: 30_000 },
      )
      .toEqual(['readme-1']);
    await walkDashboard(page, `${url}/admin`, secret);
    await page.goto(`${url}/admin/destinations/meta`);
    await expect(page.getByTestId('set-in-config')).toContainText('set in the config file');

    const stop = await interrupt(serve, 'SIGTERM');
    expect([stop.code, stop.alive, serve.stdout().trim().split('\n').at(-1)]).toEqual([
      0,
      false,
      'tandem: stopped.',
    ]);
  });
});

/** The collector README's CLI block and example config, read from the README itself. */
function collectorReadme() {
  const text = readFileSync(join(REPO, 'packages/collector/README.md'), 'utf8');
  const block = /```sh\n(export TANDEM_SERVER_KEY[\s\S]*?)```/.exec(text)?.[1] ?? '';
  const config = /For example \(`tandem\.config\.json`\):\n\n```json\n([\s\S]*?)```/.exec(text)?.[1] ?? '';
  const lines = block.trim().split('\n');
  return { lines, config };
}

/** The CLI block's lines as the README shows them (each is run below). */
const CLI_BLOCK = [
  'export TANDEM_SERVER_KEY=$(openssl rand -hex 32)        # orders, refunds, metrics',
  'export TANDEM_TOKEN_KEYS=$(npx tandem new-token-key k1) # destination tokens (DELIVERY.md)',
  'export TANDEM_ADMIN_SECRET=$(openssl rand -hex 16)      # the dashboard at <mount>/admin',
  'npx tandem check --config tandem.config.json            # validate only',
  'npx tandem serve --config tandem.config.json --db tandem.db',
  'npx tandem purge --config tandem.config.json            # delete raw events past retention',
];

test('the collector README: its CLI block as written, and pnpm tandem serve from the root', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const { lines, config } = collectorReadme();
  expect(lines).toEqual(CLI_BLOCK);
  const exports = lines.filter((l) => l.startsWith('export ')).join('\n');
  const line = (command: string) => lines.find((l) => l.startsWith(`npx tandem ${command} `)) ?? '';
  expect([lines.length, line('check'), line('serve'), line('purge')].map(Boolean)).toEqual([
    true,
    true,
    true,
    true,
  ]);
  // A project that installs @tandem/collector: the package and its bin in node_modules.
  const project = tempDir('project');
  mkdirSync(join(project, 'node_modules/@tandem'), { recursive: true });
  mkdirSync(join(project, 'node_modules/.bin'));
  symlinkSync(join(REPO, 'packages/collector'), join(project, 'node_modules/@tandem/collector'));
  symlinkSync('../@tandem/collector/bin/tandem.mjs', join(project, 'node_modules/.bin/tandem'));
  writeFileSync(join(project, 'package.json'), '{"name":"shop","private":true}');
  writeFileSync(join(project, 'tandem.config.json'), config);
  const tokens = { META_CAPI_TOKEN: 'EAAB-meta-token-1234', ADROLL_SERVER_TOKEN: 'adroll-token-5678' };

  const check = startGroup(`${exports}\n${line('check')}`, project, cleanEnv(tokens));
  expect([await check.closed, check.stderr()]).toEqual([0, '']);
  expect(check.stdout()).toContain('tandem: config is valid (mounted at /app-data, consent optin).');

  const port = await freePort();
  const serve = startGroup(
    `${exports}\n${line('serve')}`,
    project,
    cleanEnv({ ...tokens, PORT: String(port) }),
  );
  started.push(serve);
  await waitForOutput(serve, /tandem: dashboard at http:\/\/127\.0\.0\.1:\d+\/app-data\/admin/, 60_000);
  expect(serve.stdout()).toContain(`tandem: database ${join(project, 'tandem.db')}`);
  expect(serve.stdout()).toContain('tandem: destinations set in the config file: meta, adroll');
  const serveStop = await interrupt(serve);
  // npx re-raises the signal it got, so only the collector's own words are checked here (its exit
  // code is checked in packages/collector/src/node/cli-process.test.ts).
  expect([serveStop.alive, serve.stdout().trim().split('\n').at(-1)]).toEqual([false, 'tandem: stopped.']);

  const purge = startGroup(`${exports}\n${line('purge')}`, project, cleanEnv(tokens));
  expect([await purge.closed, purge.stdout().trim()]).toEqual([
    0,
    'tandem: purged 0 raw events older than 30 days.\ntandem: purged 0 visitors whose cookies have expired.',
  ]);

  // In this repository: `npx --yes pnpm@10 tandem <command>` from the root (the README's words).
  const data = tempDir('root');
  const rootPort = await freePort();
  const secret = 'root dashboard secret 01234567';
  const fromRoot = startGroup(
    'npx --yes pnpm@10 tandem serve',
    REPO,
    cleanEnv({
      PORT: String(rootPort),
      TANDEM_DB: join(data, 'root.db'),
      TANDEM_TOKEN_KEYS: 'k1:' + Buffer.alloc(32, 3).toString('base64'),
      TANDEM_ADMIN_SECRET: secret,
    }),
  );
  started.push(fromRoot);
  const [, dashboard = ''] = await waitForOutput(fromRoot, /tandem: dashboard at (\S+)/, 60_000);
  await walkDashboard(page, dashboard, secret);
  const rootStop = await interrupt(fromRoot);
  expect([
    rootStop.alive,
    fromRoot
      .stdout()
      .split('\n')
      .filter((l) => l.includes('stopped')),
  ]).toEqual([false, ['tandem: stopped.']]);
});

test('npx --yes pnpm@10 build from the root prints both scripts and their sum', async () => {
  test.setTimeout(420_000);
  const build = startGroup('npx --yes pnpm@10 build', REPO, cleanEnv({}));
  started.push(build);
  expect(await build.closed).toBe(0);
  const sizes = build
    .stdout()
    .match(/(tag\.js|tag-extras\.js) as served: .*gzip|a purchase page loads both: \d+ bytes gzip/g);
  expect(sizes?.map((line) => line.split(':')[0])).toEqual([
    'tag.js as served',
    'tag-extras.js as served',
    'a purchase page loads both',
  ]);
});
