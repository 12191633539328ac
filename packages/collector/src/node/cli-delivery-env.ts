/**
 * The Node side of delivery: token keys from the environment, and the engine started with them.
 *   TANDEM_TOKEN_KEYS   `id:base64,id:base64` — the first key encrypts, all of them decrypt
 *                       (make one with `tandem new-token-key <id>`)
 */
import { createTokenBox, parseTokenKeys, type TokenBox } from '../delivery/secrets.js';
import { startDelivery, type DeliveryOptions, type RunningDelivery } from '../delivery/start.js';
import type { Storage } from '../storage/types.js';

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
  return startDelivery({ storage, tokenBox: await tokenBoxFromEnv(env), ...tuning });
}
