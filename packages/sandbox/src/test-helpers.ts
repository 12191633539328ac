import type { PlatformState } from './endpoint.js';
import { Ledger } from './ledger.js';
import { Switches } from './switches.js';
import type { Platform } from './types.js';

/** A platform state with a clock the test moves. */
export function testState(platform: Platform, start = Date.UTC(2026, 10, 23, 9)) {
  const clock = { now: start };
  const state: PlatformState = {
    ledger: new Ledger(platform),
    switches: new Switches(),
    now: () => clock.now,
  };
  return { state, clock };
}

export const json = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(body),
});
