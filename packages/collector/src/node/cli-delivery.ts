/**
 * Delivery commands for operators (registered in `cli.ts`'s command table):
 *   tandem delivery-status   [--db <file>]
 *   tandem replay-dead       [--db <file>] [--destination <name>] [--deliver] [--wait <seconds>]
 *   tandem rotate-token-key  [--db <file>]            (TANDEM_TOKEN_KEYS: the new key first)
 *   tandem new-token-key     <id>
 */
import { parseArgs } from 'node:util';
import { createDeliveryEngine } from '../delivery/engine.js';
import { formatStatus, progressBar, summarize } from '../delivery/report.js';
import { generateTokenKey, TokenKeyError } from '../delivery/secrets.js';
import { SettingsError, verifyStoredTokens } from '../delivery/settings.js';
import { destinationNames, findDestination } from '../destinations/registry.js';
import type { Storage } from '../storage/types.js';
import { tokenBoxFromEnv } from './cli-delivery-env.js';
import { sqliteStorage } from './sqlite-storage.js';

type Env = Record<string, string | undefined>;
type Command = (args: string[], env: Env) => Promise<number>;

const OPTIONS = {
  db: { type: 'string' },
  destination: { type: 'string' },
  deliver: { type: 'boolean' },
  wait: { type: 'string' },
} as const;

async function withStorage<T>(db: string | undefined, env: Env, run: (s: Storage) => Promise<T>): Promise<T> {
  const storage = sqliteStorage(db ?? env.TANDEM_DB ?? 'tandem.db');
  try {
    return await run(storage);
  } finally {
    await storage.close();
  }
}

/** The status table: queued, retrying, delivered, skipped, dead per destination, and pauses with why. */
export async function deliveryStatusText(storage: Storage): Promise<string> {
  const [stats, pending, dead, settings] = await Promise.all([
    storage.outboxStats(),
    storage.listOutbox({ status: 'pending', limit: 1_000_000 }),
    storage.listOutbox({ status: 'dead', limit: 10_000 }),
    storage.listSettings(),
  ]);
  return formatStatus(summarize(destinationNames(), stats, pending, dead, settings));
}

const status: Command = async (args, env) => {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  console.log(await withStorage(values.db, env, deliveryStatusText));
  return 0;
};

/**
 * Puts dead letters back in the queue. With `--deliver`, delivers them from this process and draws
 * a progress bar until they are settled or `--wait` seconds pass.
 */
export async function replayDeadLetters(
  storage: Storage,
  opts: {
    destination?: string;
    deliver?: { env: Env; waitMs: number; fetch?: typeof globalThis.fetch };
    write: (text: string) => void;
  },
): Promise<number> {
  const pendingOf = async () =>
    (await storage.outboxStats())
      .filter((s) => s.status === 'pending' && (!opts.destination || s.destination === opts.destination))
      .reduce((n, s) => n + s.count, 0);
  const before = await pendingOf();
  const count = await storage.replayDead(Date.now(), opts.destination);
  opts.write(
    `tandem: ${count} dead letters back in the queue${opts.destination ? ` for ${opts.destination}` : ''}.\n`,
  );
  if (!opts.deliver || count === 0) return count;
  const box = await tokenBoxFromEnv(opts.deliver.env);
  await verifyStoredTokens(storage, box);
  const engine = createDeliveryEngine({
    storage,
    box,
    fetch: opts.deliver.fetch ?? globalThis.fetch,
    now: Date.now,
  });
  const until = Date.now() + opts.deliver.waitMs;
  let left = count;
  while (Date.now() < until) {
    await engine.runOnce();
    left = Math.min(count, Math.max(0, (await pendingOf()) - before));
    opts.write(`\r${progressBar(count - left, count)}`);
    if (left === 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  opts.write(
    left === 0 ? '\n' : `\n${left} still waiting for a retry; the running collector will finish them.\n`,
  );
  return count;
}

const replay: Command = async (args, env) => {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  if (values.destination && !findDestination(values.destination)) {
    console.error(
      `--destination ${values.destination}: unknown. Fix: use one of ${destinationNames().join(', ')}.`,
    );
    return 2;
  }
  const waitMs = Number(values.wait ?? 60) * 1000;
  await withStorage(values.db, env, (storage) =>
    replayDeadLetters(storage, {
      ...(values.destination ? { destination: values.destination } : {}),
      ...(values.deliver ? { deliver: { env, waitMs } } : {}),
      write: (text) => void process.stdout.write(text),
    }),
  );
  return 0;
};

/** Re-encrypts every stored token under the first key of TANDEM_TOKEN_KEYS; returns how many changed. */
export async function rotateTokenKey(storage: Storage, env: Env, now = Date.now()): Promise<number> {
  const box = await tokenBoxFromEnv(env);
  if (!box.currentKeyId)
    throw new TokenKeyError('TANDEM_TOKEN_KEYS is empty. Fix: set it to "<new id>:<key>,<old id>:<key>"');
  await verifyStoredTokens(storage, box);
  let changed = 0;
  for (const s of await storage.listSettings()) {
    if (!s.tokenCiphertext || box.keyIdOf(s.tokenCiphertext) === box.currentKeyId) continue;
    await storage.putSettings({
      ...s,
      tokenCiphertext: await box.rotate(s.tokenCiphertext, s.destination),
      updatedAt: now,
    });
    changed++;
  }
  return changed;
}

const rotate: Command = async (args, env) => {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  let changed: number;
  try {
    changed = await withStorage(values.db, env, (storage) => rotateTokenKey(storage, env));
  } catch (error) {
    if (!(error instanceof TokenKeyError || error instanceof SettingsError)) throw error;
    console.error(
      `tandem: ${error.message}${error instanceof SettingsError && error.fix ? `. Fix: ${error.fix}.` : ''}`,
    );
    return 2;
  }
  console.log(
    `tandem: ${changed} tokens re-encrypted with key "${(await tokenBoxFromEnv(env)).currentKeyId}". The old key can go once every collector runs with the new one.`,
  );
  return 0;
};

const newKey: Command = async (args) => {
  const id = args[0];
  if (!id || !/^[\w-]{1,32}$/.test(id)) {
    console.error('Usage: tandem new-token-key <id> (1-32 letters, digits, _ or -)');
    return 2;
  }
  console.log(generateTokenKey(id));
  return 0;
};

export const DELIVERY_COMMANDS: Record<string, Command> = {
  'delivery-status': status,
  'replay-dead': replay,
  'rotate-token-key': rotate,
  'new-token-key': newKey,
};
