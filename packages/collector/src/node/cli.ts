/**
 * `tandem <command>`: the collector's command line. Settings come from a JSON config file (see
 * the README's settings table); secrets only from the environment:
 *   TANDEM_SERVER_KEY   Bearer key for orders, refunds and metrics
 *   TANDEM_DB           SQLite file (default ./tandem.db) or postgres:// URL, or --db
 *   PORT / HOST         where to listen (default 8787 on 127.0.0.1), or --port / --host
 *   TANDEM_TOKEN_KEYS   keys that encrypt destination tokens (see DELIVERY.md); without them
 *                       orders are recorded and queued but nothing is delivered, there is no
 *                       dashboard, and `serve` refuses to start if tokens are stored
 *   TANDEM_ADMIN_SECRET the dashboard's login secret (16+ characters); without it, or without
 *                       TANDEM_TOKEN_KEYS, there is no dashboard (`serve` says so)
 * A bad config exits with status 2 and, per problem, the field, what is wrong and the fix; so does
 * a refusal (a port in use, a missing variable). An unexpected error exits 1 with its message and
 * stack, secrets and customer-shaped data replaced (`log-error.ts`).
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { longestCookieDays } from '../app.js';
import { ConfigError, parseConfig, type CollectorConfig } from '../config.js';
import { dashboardRoutes } from '../dashboard/index.js';
import { settingsService } from '../dashboard/settings-service.js';
import { settingsWarnings } from '../delivery/settings.js';
import type { RunningDelivery } from '../delivery/start.js';
import { DELIVERY_COMMANDS } from './cli-delivery.js';
import { startDeliveryFromEnv } from './cli-delivery-env.js';
import { describeError } from '../log-error.js';
import { CliError } from './cli-error.js';
import { listenError, portFrom } from './listen.js';
import { checkServe } from './serve-checks.js';
import { nodeClientAddress, serveCollector } from './server.js';
import { isPostgresUrl } from '../postgres/url.js';
import { dbOf, openStorage, redactUrl } from './open-storage.js';

export { CliError } from './cli-error.js';

type Env = Record<string, string | undefined>;
/** `stop` ends a long-running command (tests); otherwise SIGINT or SIGTERM does. */
type Command = (args: string[], env: Env, stop?: Promise<unknown>) => Promise<number>;

const USAGE = `Usage: tandem <command> [options]

Commands:
  serve   --config <file> [--db <file|url>] [--port <n>] [--host <addr>]   run the collector
  check   --config <file> [--db <file>]                                    validate the config (and warn about stored settings) and exit
  purge   --config <file> [--db <file|url>]                                delete raw events past retention
  migrate [--db <file|url>]                                                create or update the schema and exit
  delivery-status | replay-dead | replay-uncertain | rotate-token-key | new-token-key   delivery operations (DELIVERY.md)

  help                                                                print this help

Without --config, serve uses the defaults of the settings table in the collector's README.
TANDEM_DB, PORT and HOST replace --db (default tandem.db), --port (8787) and --host (127.0.0.1).
Secrets come from the environment: TANDEM_SERVER_KEY (orders, refunds, metrics), TANDEM_TOKEN_KEYS
(destination tokens; without them nothing is delivered and there is no dashboard),
TANDEM_ADMIN_SECRET (the dashboard's login, 16+ characters), and the variables that the config
file's destinations name for their tokens.`;

const HELP = new Set(['help', '--help', '-h']);

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

/** Resolves on the first SIGINT or SIGTERM (a second one, while stopping, ends the process). */
const signalled = () =>
  new Promise<string>((done) => {
    const on = (signal: string) => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      done(signal);
    };
    process.on('SIGINT', on);
    process.on('SIGTERM', on);
  });

const serve: Command = async (args, env, stop) => {
  // Listening before the first line is printed: a signal sent as soon as the URL shows is a stop.
  const stopped = stop ?? signalled();
  const values = options(args);
  const config = loadConfig(values.config, env);
  const port = portFrom(values.port, env.PORT, 8787);
  const host = values.host ?? env.HOST ?? '127.0.0.1';
  const db = dbOf(values, env);
  const file = isPostgresUrl(db) ? redactUrl(db) : resolve(db);
  if (!values.config) {
    console.log(
      `tandem: no --config given: using the defaults (mounted at ${config.mountPath}, consent ${config.consentMode}, no pixels, no destinations; the settings table in the collector README lists them).`,
    );
  }
  console.log(
    `tandem: database ${file}${values.db ? '' : env.TANDEM_DB ? ' (TANDEM_DB)' : ' (the default; --db or TANDEM_DB to change it)'}`,
  );
  if (!config.serverKey)
    console.warn(
      'tandem: TANDEM_SERVER_KEY is not set: the orders and refunds routes will refuse every call.',
    );
  const storage = await openStorage(db);
  // Checked before listening: a refused start never answers a request.
  const plan = await checkServe(storage, env, config.destinations).catch(async (error: unknown) => {
    await storage.close();
    throw error;
  });
  for (const warning of plan.warnings) console.warn(warning);
  const { box, adminSecret } = plan;
  let engine: RunningDelivery | undefined;
  const admin = `${config.mountPath}/admin`;
  const managed = Object.keys(config.destinations);
  const running = await serveCollector({
    config,
    dbFile: storage,
    port,
    host,
    deps: () => ({
      onOrderRecorded: () => engine?.wake(),
      ...(box &&
        adminSecret && {
          admin: dashboardRoutes({
            adminSecret,
            basePath: admin,
            storage,
            settings: settingsService({ storage, box, managed }),
            clientAddress: nodeClientAddress,
            trustProxy: config.trustProxy,
          }),
        }),
    }),
  }).catch(async (error: unknown) => {
    await storage.close();
    const refusal = listenError(error, port, host);
    if (refusal) throw new CliError(`tandem: ${refusal.message}`);
    throw error;
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
  if (managed.length) console.log(`tandem: destinations set in the config file: ${managed.join(', ')}`);
  await stopped;
  // Requests in flight finish first (the server stops accepting), then delivery, then storage.
  await running.close({ drain: true, beforeStorage: () => engine?.stop() });
  console.log('tandem: stopped.');
  return 0;
};

const check: Command = async (args, env) => {
  const values = options(args);
  const config = loadConfig(values.config, env);
  console.log(`tandem: config is valid (mounted at ${config.mountPath}, consent ${config.consentMode}).`);
  for (const [name, d] of Object.entries(config.destinations)) {
    const variable = d.token?.env;
    const token = variable
      ? `token from ${variable}${env[variable] ? '' : ', which is not set here'}`
      : 'no token';
    console.log(
      `tandem: destination ${name} set in the file: sharing ${d.sharing ? 'on' : 'off'}, ${token}.`,
    );
  }
  // The destinations' settings live in the database: warn about them when it exists (never create it).
  const db = dbOf(values, env);
  if (!isPostgresUrl(db) && existsSync(db)) {
    const storage = await openStorage(db);
    try {
      for (const warning of await settingsWarnings(storage, Date.now()))
        console.log(`tandem: warning: ${warning}`);
    } finally {
      await storage.close();
    }
  }
  return 0;
};

const purge: Command = async (args, env) => {
  const values = options(args);
  const config = loadConfig(values.config, env);
  const storage = await openStorage(dbOf(values, env));
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

/** Opening a storage migrates it; `migrate` does only that (before a deploy starts instances). */
const migrate: Command = async (args, env) => {
  const db = dbOf(options(args), env);
  const storage = await openStorage(db);
  await storage.close();
  console.log(`tandem: the database ${redactUrl(db)} is migrated.`);
  return 0;
};

/** Subcommands; other modules (delivery status, replay, key rotation) add theirs here. */
export const COMMANDS: Record<string, Command> = { serve, check, purge, migrate, ...DELIVERY_COMMANDS };

export async function main(argv: string[], env: Env, stop?: Promise<unknown>): Promise<number> {
  const [name, ...args] = argv;
  if (name !== undefined && (HELP.has(name) || args.some((a) => a === '--help' || a === '-h'))) {
    console.log(USAGE);
    return 0;
  }
  const command = name ? COMMANDS[name] : undefined;
  if (!command) {
    console.error(
      name ? `tandem: unknown command "${name}". Fix: use one of the commands below.\n\n${USAGE}` : USAGE,
    );
    return 2;
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
    console.error(`tandem: unexpected error: ${describeError(error, secretsOf(env))}`);
    return 1;
  }
}

/** Every value in the environment that may be a secret: Tandem's own, and any token variable. */
function secretsOf(env: Env): string[] {
  return Object.entries(env)
    .filter(([key]) => /SECRET|TOKEN|KEY|PASSWORD/i.test(key))
    .flatMap(([, value]) => (value ? [value, ...value.split(/[,:]/)] : []));
}
