/**
 * The Node side of delivery: token keys from the environment, the start-up check, and an engine
 * on the real clock and the global `fetch`.
 *   TANDEM_TOKEN_KEYS   `id:base64,id:base64` — the first key encrypts, all of them decrypt
 *                       (make one with `tandem new-token-key <id>`)
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
  await verifyStoredTokens(storage, box);
  const engine = createDeliveryEngine({
    storage,
    box,
    fetch: globalThis.fetch,
    now: Date.now,
    log,
    ...tuning,
  });
  engine.start();
  return engine;
}
