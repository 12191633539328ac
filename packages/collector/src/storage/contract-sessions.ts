/**
 * The `SessionStore` contract: the dashboard's session epoch.
 */
import { describe, expect, it } from 'vitest';
import { runner } from './contract-fixtures.js';
import type { SessionStore, StoreLifecycle } from './types.js';

export function sessionContract(name: string, open: () => Promise<SessionStore & StoreLifecycle>): void {
  const withStore = runner(open);

  describe(`storage contract, sessions: ${name}`, () => {
    it(
      'counts session epochs from 0, one more each time sessions end',
      withStore(async (s) => {
        expect(await s.sessionEpoch()).toBe(0);
        expect([await s.endSessions(), await s.endSessions()]).toEqual([1, 2]);
        expect(await s.sessionEpoch()).toBe(2);
      }),
    );
  });
}
