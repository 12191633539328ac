/**
 * From a destination's outcome to the outbox settlement of one row: delivered, retried later
 * (backoff with jitter, `Retry-After` as a floor), dead once the destination's give-up rule says
 * so, or held as uncertain when a platform that cannot absorb a resend may have received a request
 * it never answered. Pure, so the table of cases in the tests pins the policy down.
 */
import type { AnyDestination, Outcome } from '../destinations/types.js';
import type { OutboxRow, Settlement } from '../storage/types.js';
import { backoffDelay, shouldGiveUp } from './backoff.js';

/** Why a row is held: the platform cannot absorb a resend and may or may not have counted it. */
export function uncertainReason(title: string, what: string): string {
  return `${what}: ${title} may or may not have counted it; replay only if its report lacks the order`;
}

export function settlementFor(
  outcome: Exclude<Outcome, { kind: 'paused' }>,
  row: Pick<OutboxRow, 'attempts'>,
  conversionTime: number,
  d: Pick<AnyDestination, 'retry' | 'resendSafe' | 'title'>,
  now: number,
  random: number,
): Settlement {
  const policy = d.retry;
  if (outcome.kind === 'retry' && outcome.maybeSent && !d.resendSafe)
    return { status: 'uncertain', reason: uncertainReason(d.title, `no answer (${outcome.reason})`) };
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
