/**
 * Delivery commands for operators (registered in `cli.ts`'s command table):
 *   tandem delivery-status   [--db <file|url>]
 *   tandem replay-dead       [--db <file|url>] [--destination <name>] [--deliver] [--wait <seconds>]
 *   tandem replay-uncertain  [--db <file|url>] [--destination <name>] [--order <id>]... [--deliver] [--wait <seconds>]
 *   tandem rotate-token-key  [--db <file|url>]            (TANDEM_TOKEN_KEYS: the new key first)
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
import { dbOf, openStorage } from './open-storage.js';

type Env = Record<string, string | undefined>;
type Command = (args: string[], env: Env) => Promise<number>;

const OPTIONS = {
  db: { type: 'string' },
  destination: { type: 'string' },
  deliver: { type: 'boolean' },
  wait: { type: 'string' },
  order: { type: 'string', multiple: true },
} as const;

async function withStorage<T>(db: string | undefined, env: Env, run: (s: Storage) => Promise<T>): Promise<T> {
  const storage = await openStorage(dbOf({ db }, env));
  try {
    return await run(storage);
  } finally {
    await storage.close();
  }
}

/** The status table: queued, retrying, delivered, skipped, dead per destination, and pauses with why. */
export async function deliveryStatusText(storage: Storage): Promise<string> {
  const [stats, pending, dead, settings, uncertain] = await Promise.all([
    storage.outboxStats(),
    storage.listOutbox({ status: 'pending', limit: 1_000_000 }),
    storage.listOutbox({ status: 'dead', limit: 10_000 }),
    storage.listSettings(),
    storage.listOutbox({ status: 'uncertain', limit: 10_000 }),
  ]);
  return formatStatus(summarize(destinationNames(), stats, pending, dead, settings, uncertain));
}

const status: Command = async (args, env) => {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true });
  console.log(await withStorage(values.db, env, deliveryStatusText));
  return 0;
};

/**
 * Puts dead letters (or, with `which: 'uncertain'`, rows held as uncertain, optionally only those
 * of some orders) back in the queue. With `--deliver`, delivers them from this process and draws a
 * progress bar until they are settled or `--wait` seconds pass.
 */
export async function replayDeadLetters(
  storage: Storage,
  opts: {
    which?: 'dead' | 'uncertain';
    destination?: string;
    /** Uncertain rows only: the orders (purchase or refund) whose rows to replay. */
    orders?: string[];
    deliver?: { env: Env; waitMs: number; fetch?: typeof globalThis.fetch };
    write: (text: string) => void;
  },
): Promise<number> {
  const pendingOf = async () =>
    (await storage.outboxStats())
      .filter((s) => s.status === 'pending' && (!opts.destination || s.destination === opts.destination))
      .reduce((n, s) => n + s.count, 0);
  const before = await pendingOf();
  let count: number;
  if (opts.which === 'uncertain') {
    const eventIds = opts.orders ? await eventIdsOf(storage, opts.orders, opts.write) : undefined;
    count =
      eventIds?.length === 0
        ? 0
        : await storage.replayUncertain(Date.now(), {
            ...(opts.destination && { destination: opts.destination }),
            ...(eventIds && { eventIds }),
          });
  } else count = await storage.replayDead(Date.now(), opts.destination);
  opts.write(
    `tandem: ${count} ${opts.which === 'uncertain' ? 'uncertain rows' : 'dead letters'} back in the queue${opts.destination ? ` for ${opts.destination}` : ''}.\n`,
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

/** The event IDs of orders (purchase and refund), saying which order IDs are unknown. */
async function eventIdsOf(storage: Storage, orders: string[], write: (text: string) => void) {
  const ids: string[] = [];
  for (const orderId of orders) {
    const found = await Promise.all([
      storage.getOrder('purchase', orderId),
      storage.getOrder('refund', orderId),
    ]);
    const known = found.filter((o) => o !== undefined);
    if (known.length === 0) write(`tandem: no order ${orderId}; nothing replayed for it.\n`);
    ids.push(...known.map((o) => o.eventId));
  }
  return ids;
}

const replay =
  (which: 'dead' | 'uncertain'): Command =>
  async (args, env) => {
    const { values } = parseArgs({ args, options: OPTIONS, strict: true });
    if (which === 'dead' && values.order) {
      console.error('--order: only for replay-uncertain. Fix: replay dead letters per --destination.');
      return 2;
    }
    if (values.destination && !findDestination(values.destination)) {
      console.error(
        `--destination ${values.destination}: unknown. Fix: use one of ${destinationNames().join(', ')}.`,
      );
      return 2;
    }
    const waitMs = Number(values.wait ?? 60) * 1000;
    await withStorage(values.db, env, (storage) =>
      replayDeadLetters(storage, {
        which,
        ...(values.destination ? { destination: values.destination } : {}),
        ...(values.order ? { orders: values.order } : {}),
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
  'replay-dead': replay('dead'),
  'replay-uncertain': replay('uncertain'),
  'rotate-token-key': rotate,
  'new-token-key': newKey,
};
