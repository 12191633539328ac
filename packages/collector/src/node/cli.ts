/**
 * `tandem <command>`: the collector's command line. Settings come from a JSON config file (see
 * the README's settings table); secrets only from the environment:
 *   TANDEM_SERVER_KEY   Bearer key for orders, refunds and metrics
 *   TANDEM_DB           SQLite file (default ./tandem.db), or --db
 *   PORT / HOST         where to listen (default 8787 on 127.0.0.1), or --port / --host
 *   TANDEM_TOKEN_KEYS   keys that encrypt destination tokens (see DELIVERY.md); without them
 *                       orders are recorded and queued but nothing is delivered, there is no
 *                       dashboard, and `serve` refuses to start if tokens are stored
 *   TANDEM_ADMIN_SECRET the dashboard's login secret (16+ characters); without it, or without
 *                       TANDEM_TOKEN_KEYS, there is no dashboard (`serve` says so)
 * A bad config exits with status 2 and, per problem, the field, what is wrong and the fix.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { longestCookieDays } from '../app.js';
import { ConfigError, parseConfig, type CollectorConfig } from '../config.js';
import { dashboardRoutes } from '../dashboard/index.js';
import { settingsService } from '../dashboard/settings-service.js';
import type { RunningDelivery } from '../delivery/start.js';
import { DELIVERY_COMMANDS } from './cli-delivery.js';
import { startDeliveryFromEnv } from './cli-delivery-env.js';
import { CliError } from './cli-error.js';
import { checkServe } from './serve-checks.js';
import { nodeClientAddress, serveCollector } from './server.js';
import { sqliteStorage } from './sqlite-storage.js';

export { CliError } from './cli-error.js';

type Env = Record<string, string | undefined>;
/** `stop` ends a long-running command (tests); otherwise SIGINT or SIGTERM does. */
type Command = (args: string[], env: Env, stop?: Promise<unknown>) => Promise<number>;

const USAGE = `Usage: tandem <command> [options]

Commands:
  serve  --config <file> [--db <file>] [--port <n>] [--host <addr>]   run the collector
  check  --config <file>                                              validate the config and exit
  purge  --config <file> [--db <file>]                                delete raw events past retention
  delivery-status | replay-dead | replay-uncertain | rotate-token-key | new-token-key   delivery operations (DELIVERY.md)

Secrets come from the environment: TANDEM_SERVER_KEY (orders, refunds, metrics), TANDEM_TOKEN_KEYS
(destination tokens; without them nothing is delivered and there is no dashboard),
TANDEM_ADMIN_SECRET (the dashboard's login, 16+ characters).`;

const OPTIONS = {
  config: { type: 'string' },
  db: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
} as const;

/** Reads and validates the config file, adding secrets from the environment. */
export function loadConfig(file: string | undefined, env: Env): CollectorConfig {
  let raw: Record<string, unknown> = {};
  if (file) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      throw new CliError(
        `Cannot read the config file ${file}. Fix: pass an existing JSON file with --config.`,
      );
    }
    try {
      raw = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
      throw new CliError(
        `${file} is not valid JSON (${(error as Error).message}). Fix: correct the JSON syntax.`,
      );
    }
    if ('serverKey' in raw)
      throw new CliError(
        `${file}: serverKey must not be in the config file. Fix: set TANDEM_SERVER_KEY in the environment instead.`,
      );
  }
  return parseConfig({ ...raw, ...(env.TANDEM_SERVER_KEY && { serverKey: env.TANDEM_SERVER_KEY }) });
}

function options(args: string[]) {
  return parseArgs({ args, options: OPTIONS, strict: true }).values;
}

const dbFile = (values: { db?: string | undefined }, env: Env) => values.db ?? env.TANDEM_DB ?? 'tandem.db';

const serve: Command = async (args, env, stop) => {
  const values = options(args);
  const config = loadConfig(values.config, env);
  const port = Number(values.port ?? env.PORT ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new CliError(`--port ${values.port ?? env.PORT}: not a port. Fix: use 0 to 65535.`);
  if (!config.serverKey)
    console.warn(
      'tandem: TANDEM_SERVER_KEY is not set: the orders and refunds routes will refuse every call.',
    );
  const storage = sqliteStorage(dbFile(values, env));
  // Checked before listening: a refused start never answers a request.
  const plan = await checkServe(storage, env).catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  for (const warning of plan.warnings) console.warn(warning);
  const { box, adminSecret } = plan;
  let engine: RunningDelivery | undefined;
  const admin = `${config.mountPath}/admin`;
  const running = await serveCollector({
    config,
    dbFile: storage,
    port,
    host: values.host ?? env.HOST ?? '127.0.0.1',
    deps: () => ({
      onOrderRecorded: () => engine?.wake(),
      ...(box &&
        adminSecret && {
          admin: dashboardRoutes({
            adminSecret,
            basePath: admin,
            storage,
            settings: settingsService({ storage, box }),
            clientAddress: nodeClientAddress,
            trustProxy: config.trustProxy,
          }),
        }),
    }),
  });
  try {
    if (box) engine = await startDeliveryFromEnv(running.storage, env);
  } catch (error) {
    await running.close();
    throw error;
  }
  console.log(
    `tandem: collector at ${running.url}${config.mountPath} (tag: ${running.url}${config.mountPath}/tag.js)`,
  );
  if (box && adminSecret) console.log(`tandem: dashboard at ${running.url}${admin}`);
  await (stop ??
    new Promise<void>((resolve) => {
      process.once('SIGINT', () => resolve());
      process.once('SIGTERM', () => resolve());
    }));
  // Closed even when stopping the engine failed (a failing disk): exiting with the storage threads
  // still running aborts the process inside SQLite.
  try {
    await engine?.stop();
  } finally {
    await running.close();
  }
  return 0;
};

const check: Command = async (args, env) => {
  const config = loadConfig(options(args).config, env);
  console.log(`tandem: config is valid (mounted at ${config.mountPath}, consent ${config.consentMode}).`);
  return 0;
};

const purge: Command = async (args, env) => {
  const values = options(args);
  const config = loadConfig(values.config, env);
  const storage = sqliteStorage(dbFile(values, env));
  try {
    const count = await storage.purgeEvents(Date.now() - config.retentionDays * 86_400_000);
    const visitors = await storage.purgeVisitors(Date.now() - longestCookieDays(config) * 86_400_000);
    console.log(`tandem: purged ${count} raw events older than ${config.retentionDays} days.`);
    console.log(`tandem: purged ${visitors} visitors whose cookies have expired.`);
  } finally {
    await storage.close();
  }
  return 0;
};

/** Subcommands; other modules (delivery status, replay, key rotation) add theirs here. */
export const COMMANDS: Record<string, Command> = { serve, check, purge, ...DELIVERY_COMMANDS };

export async function main(argv: string[], env: Env, stop?: Promise<unknown>): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(USAGE);
    return name && name !== '--help' && name !== 'help' ? 2 : name ? 0 : 2;
  }
  try {
    return await command(args, env, stop);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CliError) {
      console.error(error.message);
      return 2;
    }
    if (error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) {
      console.error(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}
