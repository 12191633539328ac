/**
 * The Node side of delivery: token keys from the environment, and the engine started with them.
 *   TANDEM_TOKEN_KEYS   `id:base64,id:base64` — the first key encrypts, all of them decrypt
 *                       (make one with `tandem new-token-key <id>`)
 *   TANDEM_DELIVERY_LEASE_MS / TANDEM_DELIVERY_TIMEOUT_MS   a claim's lease and a request's
 *                       timeout (defaults in `delivery/engine.ts`); a shorter lease lets other
 *                       instances take a dead instance's claims sooner
 */
import { createTokenBox, parseTokenKeys, type TokenBox } from '../delivery/secrets.js';
import { startDelivery, type DeliveryOptions, type RunningDelivery } from '../delivery/start.js';
import type { Storage } from '../storage/types.js';
import { CliError } from './cli-error.js';

type Env = Record<string, string | undefined>;

export async function tokenBoxFromEnv(env: Env): Promise<TokenBox> {
  return createTokenBox(parseTokenKeys(env.TANDEM_TOKEN_KEYS ?? ''));
}

/**
 * `startDelivery` with the token keys of `TANDEM_TOKEN_KEYS`: refuses to start (a `SettingsError`
 * naming the destination and key) when a stored token does not decrypt.
 */
export async function startDeliveryFromEnv(
  storage: Storage,
  env: Env,
  /** Log, lease, timeout, idle wait and registry overrides (the crash test shortens the lease). */
  tuning: Omit<DeliveryOptions, 'storage' | 'tokenBox'> = {},
): Promise<RunningDelivery> {
  const fromEnv = {
    ...msFromEnv(env, 'TANDEM_DELIVERY_LEASE_MS', 'leaseMs'),
    ...msFromEnv(env, 'TANDEM_DELIVERY_TIMEOUT_MS', 'timeoutMs'),
  };
  return startDelivery({ storage, tokenBox: await tokenBoxFromEnv(env), ...fromEnv, ...tuning });
}

function msFromEnv<K extends string>(env: Env, name: string, key: K): Partial<Record<K, number>> {
  const raw = env[name];
  if (raw === undefined || raw === '') return {};
  const ms = Number(raw);
  if (!Number.isInteger(ms) || ms < 100)
    throw new CliError(`${name}=${raw}: not a duration. Fix: a whole number of milliseconds, 100 or more.`);
  return { [key]: ms } as Partial<Record<K, number>>;
}
