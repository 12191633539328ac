/**
 * From a destination's outcome to the outbox settlement of one row: delivered, retried later
 * (backoff with jitter, `Retry-After` as a floor), or dead once the destination's give-up rule
 * says so. Pure, so the table of cases in the tests pins the policy down.
 */
import type { Outcome } from '../destinations/types.js';
import type { OutboxRow, Settlement } from '../storage/types.js';
import { backoffDelay, shouldGiveUp, type RetryPolicy } from './backoff.js';

export function settlementFor(
  outcome: Exclude<Outcome, { kind: 'paused' }>,
  row: Pick<OutboxRow, 'attempts'>,
  conversionTime: number,
  policy: RetryPolicy,
  now: number,
  random: number,
): Settlement {
  switch (outcome.kind) {
    case 'delivered':
      return { status: 'delivered', via: 'server' };
    case 'permanent':
      return { status: 'dead', reason: outcome.reason };
    case 'retry': {
      const attempts = row.attempts + 1;
      if (shouldGiveUp(policy, attempts, now - conversionTime)) {
        return { status: 'dead', reason: `gave up after ${attempts} attempts: ${outcome.reason}` };
      }
      const delay = backoffDelay(policy, attempts, outcome.after, random);
      return { status: 'retry', nextAttemptAt: now + delay, reason: outcome.reason };
    }
  }
}
