/**
 * The engine's send path for one batch of claimed rows: mark them `sending` first when the
 * platform cannot absorb a resend, send OUTSIDE any transaction, classify, and settle every row
 * under its lease. A settle that returns false means the lease was lost; the row is then another
 * worker's and is left alone.
 *
 * Why the mark: if the process dies between the platform's 2xx and the settle commit, a row still
 * `pending` would be claimed and sent again after its lease expires. Meta and Neuroon deduplicate
 * that resend; AdRoll would count the order twice. A row that is `sending` is never claimed again:
 * its holder settles it, or `holdInterrupted` turns it `uncertain` for the operator.
 */
import type { AnyDestination, Outcome, RowOutcome } from '../destinations/types.js';
import type { AttemptRecord, Lease, OutboxRow, Settlement, Storage } from '../storage/types.js';
import { attemptRecords, bodiesOf, type Exchange } from './attempt.js';
import type { Conversion } from './conversion.js';
import type { RoundReport } from './engine.js';
import type { TokenBucket } from './rate-limit.js';
import { redactSecrets } from './redact.js';
import { sendRequest, type Fetch } from './send.js';
import { settlementFor } from './settlement.js';

export interface Item {
  row: OutboxRow;
  c: Conversion;
}

/** A destination ready to send this round: its parsed options, token and limits. */
export interface Ready {
  d: AnyDestination;
  options: unknown;
  token: string;
  ciphertext: string | undefined;
  bucket: TokenBucket;
  concurrency: number;
}

export interface SenderDeps {
  storage: Storage;
  fetch: Fetch;
  now: () => number;
  random: () => number;
  timeoutMs: number;
  /** Records that the platform refused the token. */
  pause(r: Ready, reason: string): Promise<void>;
  /** A platform's `Retry-After` holds the whole destination, not only the batch that got it. */
  coolUntil: Map<string, number>;
}

/**
 * A request's outcome as it is being recorded: `send` resolves once the platform answered (the
 * request slot is free), and `settled` once the batch's settlements committed.
 */
export interface Sent {
  settled: Promise<unknown>;
}

const nothingToSettle: Sent = { settled: Promise.resolve() };

export function createSender(deps: SenderDeps) {
  const { storage, timeoutMs } = deps;

  async function settle(
    lease: Lease,
    row: OutboxRow,
    s: Settlement,
    report: RoundReport,
    attempt: AttemptRecord | undefined,
  ) {
    const ok = await storage.settle(row.id, lease.token, s, deps.now(), attempt);
    if (!ok) {
      report.lostLease++;
      return;
    }
    if (s.status === 'delivered') report[s.via === 'pixel' ? 'byPixel' : 'delivered']++;
    else if (s.status === 'retry') report.retried++;
    else if (s.status === 'dead') report.dead++;
    else if (s.status === 'release') report.released++;
    else if (s.status === 'uncertain') report.uncertain++;
  }

  /**
   * Settles a batch's rows together: the storage's group commit makes them one durable write, which
   * keeps the gap between the platform's answer and its record as short as it can be. Each row's
   * attempt (`attempts[i]` for `batch[i]`), when a request was sent, commits with its settlement.
   */
  function settleAll(
    lease: Lease,
    batch: Item[],
    settlement: (item: Item) => Settlement,
    report: RoundReport,
    attempts?: AttemptRecord[],
  ) {
    return Promise.all(
      batch.map((item, i) => settle(lease, item.row, settlement(item), report, attempts?.[i])),
    );
  }

  /** A send starts only while the lease outlasts the timeout; otherwise the rows go back unsent. */
  async function leaseTooShort(lease: Lease, batch: Item[], report: RoundReport) {
    if (deps.now() + timeoutMs < lease.until) return false;
    const at = deps.now();
    await settleAll(lease, batch, () => ({ status: 'release', nextAttemptAt: at }), report);
    return true;
  }

  /** Sends one batch; a permanent refusal of several events is bisected so one bad event sinks only itself. */
  async function sendBatch(r: Ready, lease: Lease, batch: Item[], report: RoundReport): Promise<Sent> {
    if (await leaseTooShort(lease, batch, report)) return nothingToSettle;
    let outcome: Outcome;
    let rows: RowOutcome[] | undefined;
    let attempts: AttemptRecord[] | undefined;
    const secrets = [r.token, ...(r.d.tokenParts?.(r.token) ?? [])];
    try {
      const auth = r.d.authorize
        ? await r.d.authorize(r.options, r.token, { fetch: deps.fetch, now: deps.now(), timeoutMs })
        : { token: r.token };
      if ('kind' in auth) outcome = auth;
      else {
        secrets.push(auth.token, ...auth.token.split(' '));
        const conversions = batch.map((x) => x.c);
        const request = await r.d.buildRequest(conversions, r.options, auth.token);
        // A record that cannot be built never makes a sent request look unsent.
        const bodies = bodiesOf(r.d, r.options, auth.token, conversions, request).catch(() =>
          conversions.map(() => request.body),
        );
        report.requests++;
        const response = await sendRequest(deps.fetch, request, timeoutMs, deps.now);
        const answer = 'status' in response ? response : { reason: response.reason };
        const exchange: Exchange = { request, answer, at: deps.now() };
        attempts = attemptRecords(exchange, conversions, await bodies, secrets);
        outcome = 'status' in response ? r.d.classify(response) : response;
        if ('status' in response && outcome.kind === 'delivered')
          rows = r.d.rowOutcomes?.(response, batch.length);
      }
    } catch (error) {
      outcome = { kind: 'permanent', reason: `could not build the request: ${(error as Error).message}` };
    }
    // Platforms echo what they were sent: nothing of it is stored, logged or shown unredacted.
    const redact = <O extends Outcome>(o: O): O =>
      o.kind === 'delivered' ? o : { ...o, reason: redactSecrets(o.reason, secrets) };
    outcome = redact(outcome);
    const now = deps.now();
    if (rows) {
      // Row by row: a row the platform refused for a transient reason is retried alone.
      const own = new Map(batch.map((item, i) => [item, redact(rows?.[i] ?? { kind: 'delivered' })]));
      const settled = settleAll(
        lease,
        batch,
        (item) => settlementFor(own.get(item) as RowOutcome, item.row, item.c.time, r.d, now, deps.random()),
        report,
        attempts,
      );
      return { settled };
    }
    if (outcome.kind === 'paused') {
      await deps.pause(r, outcome.reason);
      report.paused = outcome.reason;
      const reason = outcome.reason;
      const release = () => ({ status: 'release' as const, nextAttemptAt: now, reason });
      return { settled: settleAll(lease, batch, release, report, attempts) };
    }
    if (outcome.kind === 'permanent' && batch.length > 1) {
      // Refused whole, so counted nowhere: the halves may be sent (and, if marked, stay marked).
      if (attempts) await storage.recordAttempts(batch.map((x, i) => ({ ...attempts[i]!, rowId: x.row.id })));
      const half = Math.ceil(batch.length / 2);
      const first = await sendBatch(r, lease, batch.slice(0, half), report);
      const second = await sendBatch(r, lease, batch.slice(half), report);
      return { settled: Promise.all([first.settled, second.settled]) };
    }
    if (outcome.kind === 'retry' && outcome.after !== undefined)
      deps.coolUntil.set(r.d.name, now + outcome.after);
    const final = outcome;
    const settled = settleAll(
      lease,
      batch,
      ({ row, c }) => settlementFor(final, row, c.time, r.d, now, deps.random()),
      report,
      attempts,
    );
    return { settled };
  }

  /**
   * Sends a batch of claimed rows. For a destination that is not resend safe, the rows are first
   * marked `sending` in their own durable write; only the rows the lease still holds go out.
   * Resolves once the platform answered; the settlements go on in `settled`.
   */
  async function send(r: Ready, lease: Lease, batch: Item[], report: RoundReport): Promise<Sent> {
    if (r.d.resendSafe) return sendBatch(r, lease, batch, report);
    if (await leaseTooShort(lease, batch, report)) return nothingToSettle;
    const marked = new Set(
      await storage.markSending(
        batch.map((x) => x.row.id),
        lease.token,
        deps.now(),
      ),
    );
    report.lostLease += batch.length - marked.size;
    const held = batch.filter((x) => marked.has(x.row.id));
    return held.length > 0 ? sendBatch(r, lease, held, report) : nothingToSettle;
  }

  return { settleAll, send };
}
