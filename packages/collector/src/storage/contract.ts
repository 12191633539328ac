/**
 * The contract every `Storage` implementation passes: one suite per port, each runnable alone by
 * an engine that implements only that port. Each implementation's test calls `storageContract`
 * with a function that opens a fresh, empty store.
 */
import { attemptsContract } from './contract-attempts.js';
import { beaconContract } from './contract-beacons.js';
import { contextContract } from './contract-context.js';
import { orderContract } from './contract-orders.js';
import { outboxContract } from './contract-outbox.js';
import { readModelContract } from './contract-read-model.js';
import { sendingContract } from './contract-sending.js';
import { sessionContract } from './contract-sessions.js';
import { settingsContract } from './contract-settings.js';
import { lifecycleContract } from './contract-lifecycle.js';
import type { Storage } from './types.js';

export { event, order, pending } from './contract-fixtures.js';

export function storageContract(name: string, open: () => Promise<Storage>): void {
  beaconContract(name, open);
  orderContract(name, open);
  outboxContract(name, open);
  sendingContract(name, open);
  attemptsContract(name, open);
  settingsContract(name, open);
  sessionContract(name, open);
  readModelContract(name, open);
  lifecycleContract(name, open);
  contextContract(name, open);
}
