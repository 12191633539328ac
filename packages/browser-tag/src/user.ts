/**
 * The visitor's hashed email and phone from `identify` (hashed by the extras): sent with every
 * batch that has consent, and given to Meta's pixel as advanced matching.
 */
import type { HashedUser } from '@tandem/protocol';
import { log } from './debug.js';
import { loadExtras } from './extras-loader.js';
import { metaIdentify } from './meta.js';

export const visitor: { user?: HashedUser } = {};

let hashing: Promise<void> = Promise.resolve();

/** Settles once the digests of the last `identify` call are known (or could not be made). */
export const userReady = (): Promise<void> => hashing;

export function identify(raw: unknown): void {
  hashing = loadExtras()
    .then((extras) => extras.hashUser(raw))
    .then(
      (user) => {
        visitor.user = user;
        metaIdentify(user);
      },
      (error: unknown) => {
        if (DEBUG) log('identify failed', error);
      },
    );
}
