/**
 * `startDelivery(options)`: the delivery engine running in the background next to a mounted
 * collector, on the same storage. It first checks that every stored token decrypts with the token
 * box (a `SettingsError` naming the destination otherwise: start with the right keys, or enter the
 * tokens again), then drains every destination's outbox until `stop()`.
 *
 * @example
 * const delivery = await startDelivery({ storage, tokenBox });
 * const collector = createCollector(config, { storage, onOrderRecorded: delivery.wake });
 * // on shutdown: await delivery.stop(); then close the storage
 */
import type { AnyDestination } from '../destinations/types.js';
import type { Storage } from '../storage/types.js';
import { createDeliveryEngine, type EngineDeps, type EngineNote } from './engine.js';
import type { TokenBox } from './secrets.js';
import type { Fetch } from './send.js';
import { verifyStoredTokens } from './settings.js';

export interface DeliveryOptions {
  storage: Storage;
  /** Decrypts the destinations' stored server tokens (`createTokenBox`). */
  tokenBox: TokenBox;
  /** Default: the global `fetch`. */
  fetch?: Fetch;
  /** Epoch ms; default `Date.now`. */
  now?: () => number;
  /** The destinations to deliver to; default every registered one (`DESTINATIONS`). */
  registry?: readonly AnyDestination[];
  /** Notes for operators (never a token); default one line each on stderr. */
  log?: (note: EngineNote) => void;
  /** Engine tuning: the wait between idle rounds, the claim lease, the request timeout (ms). */
  idleMs?: number;
  leaseMs?: number;
  timeoutMs?: number;
}

export interface RunningDelivery {
  /** Delivers now instead of after the idle wait: pass it as the collector's `onOrderRecorded`. */
  wake(): void;
  /** Finishes the sends in flight and stops; call it before closing the storage. */
  stop(): Promise<void>;
}

const logLine = (note: EngineNote) => console.error(`tandem delivery ${note.destination}: ${note.message}`);

export async function startDelivery(options: DeliveryOptions): Promise<RunningDelivery> {
  await verifyStoredTokens(options.storage, options.tokenBox);
  const deps: EngineDeps = {
    storage: options.storage,
    box: options.tokenBox,
    fetch: options.fetch ?? ((url, init) => globalThis.fetch(url, init)),
    now: options.now ?? Date.now,
    log: options.log ?? logLine,
    ...(options.registry && { registry: options.registry }),
    ...(options.idleMs !== undefined && { idleMs: options.idleMs }),
    ...(options.leaseMs !== undefined && { leaseMs: options.leaseMs }),
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
  };
  const engine = createDeliveryEngine(deps);
  engine.start();
  return { wake: () => engine.wake(), stop: () => engine.stop() };
}
