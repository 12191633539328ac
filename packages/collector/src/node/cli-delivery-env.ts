/**
 * The Node side of delivery: token keys from the environment, the start-up check, and an engine
 * on the real clock and the global `fetch`.
 *   TANDEM_TOKEN_KEYS   `id:base64,id:base64` — the first key encrypts, all of them decrypt
 *                       (make one with `tandem new-token-key <id>`)
 *   TANDEM_DELIVERY_LEASE_MS / TANDEM_DELIVERY_TIMEOUT_MS   a claim's lease and a request's
 *                       timeout (defaults in `delivery/engine.ts`); a shorter lease lets other
 *                       instances take a dead instance's claims sooner
 */
import {
  createDeliveryEngine,
  type DeliveryEngine,
  type EngineDeps,
  type EngineNote,
} from '../delivery/engine.js';
import { createTokenBox, parseTokenKeys, type TokenBox } from '../delivery/secrets.js';
import { verifyStoredTokens } from '../delivery/settings.js';
import type { Storage } from '../storage/types.js';
import { CliError } from './cli-error.js';

type Env = Record<string, string | undefined>;

export async function tokenBoxFromEnv(env: Env): Promise<TokenBox> {
  return createTokenBox(parseTokenKeys(env.TANDEM_TOKEN_KEYS ?? ''));
}

/**
 * Checks that every stored token decrypts (throws a `SettingsError` naming the destination and key
 * otherwise: refuse to start), then starts delivering in the background.
 */
export async function startDelivery(
  storage: Storage,
  env: Env,
  log: (note: EngineNote) => void = (n) => console.error(`tandem delivery ${n.destination}: ${n.message}`),
  /** Lease, timeout, idle wait and registry overrides (the crash test shortens the lease). */
  tuning: Pick<EngineDeps, 'leaseMs' | 'timeoutMs' | 'idleMs' | 'registry'> = {},
): Promise<DeliveryEngine> {
  const box = await tokenBoxFromEnv(env);
  const fromEnv = {
    ...msFromEnv(env, 'TANDEM_DELIVERY_LEASE_MS', 'leaseMs'),
    ...msFromEnv(env, 'TANDEM_DELIVERY_TIMEOUT_MS', 'timeoutMs'),
  };
  await verifyStoredTokens(storage, box);
  const engine = createDeliveryEngine({
    storage,
    box,
    fetch: globalThis.fetch,
    now: Date.now,
    log,
    ...fromEnv,
    ...tuning,
  });
  engine.start();
  return engine;
}

function msFromEnv<K extends string>(env: Env, name: string, key: K): Partial<Record<K, number>> {
  const raw = env[name];
  if (raw === undefined || raw === '') return {};
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 100)
    throw new CliError(`${name}=${raw}: not a duration. Fix: a whole number of milliseconds, 100 or more.`);
  return { [key]: ms } as Partial<Record<K, number>>;
}
