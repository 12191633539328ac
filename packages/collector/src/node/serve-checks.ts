/**
 * What `tandem serve` checks before it listens, so that it never runs in a state the operator did
 * not ask for: stored tokens it cannot decrypt (refused), a dashboard secret it cannot use,
 * and a dashboard it cannot mount without the token keys (say so).
 */
import { TokenKeyError, type TokenBox } from '../delivery/secrets.js';
import { SettingsError, verifyStoredTokens } from '../delivery/settings.js';
import type { Storage } from '../storage/types.js';
import { CliError } from './cli-error.js';
import { tokenBoxFromEnv } from './cli-delivery-env.js';

type Env = Record<string, string | undefined>;

export const MIN_ADMIN_SECRET = 16;

export interface ServePlan {
  /** The token box, when TANDEM_TOKEN_KEYS is set: delivery runs and the dashboard can mount. */
  box?: TokenBox;
  /** The dashboard's secret, when the dashboard will be mounted. */
  adminSecret?: string;
  /** Lines to print at start-up: what will not run, and how to turn it on. */
  warnings: string[];
}

const KEYS_FIX =
  'set TANDEM_TOKEN_KEYS to the key the tokens were stored with ("<id>:<base64>", as `tandem new-token-key <id>` printed it; during a rotation, the new key first and the old one after it)';

export async function checkServe(storage: Storage, env: Env): Promise<ServePlan> {
  const warnings: string[] = [];
  const secret = env.TANDEM_ADMIN_SECRET;
  if (secret !== undefined && secret.length < MIN_ADMIN_SECRET) {
    throw new CliError(
      `tandem: TANDEM_ADMIN_SECRET is shorter than ${MIN_ADMIN_SECRET} characters. Fix: set it to a long random secret, e.g. the output of \`openssl rand -hex 16\`, or unset it to run without the dashboard.`,
    );
  }
  if (!env.TANDEM_TOKEN_KEYS) {
    const stored = (await storage.listSettings()).filter((s) => s.tokenCiphertext).map((s) => s.destination);
    if (stored.length) {
      throw new CliError(
        `tandem: server tokens are stored for ${stored.join(', ')}, but TANDEM_TOKEN_KEYS is not set, so they cannot be decrypted and nothing would be delivered. Fix: ${KEYS_FIX}.`,
      );
    }
    warnings.push('tandem: TANDEM_TOKEN_KEYS is not set: orders are queued but not delivered.');
    if (secret) {
      warnings.push(
        'tandem: TANDEM_ADMIN_SECRET is set but the dashboard is NOT mounted: it stores server tokens encrypted with TANDEM_TOKEN_KEYS, which is not set. Fix: set TANDEM_TOKEN_KEYS (make a key with `tandem new-token-key k1`).',
      );
    }
    return { warnings };
  }
  let box: TokenBox;
  try {
    box = await tokenBoxFromEnv(env);
    await verifyStoredTokens(storage, box);
  } catch (error) {
    if (error instanceof TokenKeyError) {
      throw new CliError(`tandem: TANDEM_TOKEN_KEYS: ${error.message}. Fix: ${KEYS_FIX}.`);
    }
    if (error instanceof SettingsError) {
      throw new CliError(`tandem: ${error.message}. Fix: ${error.fix ?? KEYS_FIX}.`);
    }
    throw error;
  }
  return { box, ...(secret && { adminSecret: secret }), warnings };
}
