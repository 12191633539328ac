/**
 * Operator views of the outbox, as plain text: the status table per destination and a progress
 * bar. Pure, so the CLI and its tests share them.
 */
import { redactSecrets } from './redact.js';
import type { DestinationSettings, OutboxRow, OutboxStatus } from '../storage/types.js';

export interface DestinationStatus {
  destination: string;
  /** Pending rows never tried yet (including those waiting for AdRoll's grace period). */
  queued: number;
  /** Pending rows that failed at least once and wait for their next attempt. */
  retrying: number;
  /** Marked `sending`: a request is out (or the process sending it died; see `uncertain`). */
  inFlight: number;
  delivered: number;
  skipped: number;
  dead: number;
  /** Held for the operator: the platform may or may not have counted them. */
  uncertain: number;
  state: string;
  /** Most frequent dead-letter reasons, for a first look. */
  deadReasons: Array<{ reason: string; count: number }>;
  /** Order IDs (or event IDs) of the uncertain rows, newest first, at most 10 shown. */
  uncertainOrders: string[];
}

/** What the operator is told to do with an uncertain row. */
export const UNCERTAIN_HINT =
  'check the platform report; replay the orders it lacks with `tandem replay-uncertain --destination <d> --order <id>`';

export function summarize(
  names: readonly string[],
  stats: Array<{ destination: string; status: OutboxStatus; count: number }>,
  pending: Array<Pick<OutboxRow, 'destination' | 'attempts'>>,
  dead: Array<Pick<OutboxRow, 'destination' | 'reason'>>,
  settings: DestinationSettings[],
  uncertain: Array<Pick<OutboxRow, 'destination' | 'eventId' | 'payload'>> = [],
): DestinationStatus[] {
  const all = [...new Set([...names, ...stats.map((s) => s.destination)])];
  return all.map((destination) => {
    const count = (status: OutboxStatus) =>
      stats.find((s) => s.destination === destination && s.status === status)?.count ?? 0;
    const retrying = pending.filter((r) => r.destination === destination && r.attempts > 0).length;
    const s = settings.find((x) => x.destination === destination);
    const state = !s
      ? 'not configured'
      : s.pausedReason
        ? `PAUSED: ${redactSecrets(s.pausedReason)}`
        : s.enabled
          ? 'sending'
          : 'data sharing off';
    const reasons = new Map<string, number>();
    for (const r of dead) {
      if (r.destination === destination)
        reasons.set(redactSecrets(r.reason ?? '?'), (reasons.get(redactSecrets(r.reason ?? '?')) ?? 0) + 1);
    }
    return {
      destination,
      queued: Math.max(0, count('pending') - retrying),
      retrying,
      inFlight: count('sending'),
      delivered: count('delivered'),
      skipped: count('skipped'),
      dead: count('dead'),
      uncertain: count('uncertain'),
      state,
      deadReasons: [...reasons]
        .map(([reason, n]) => ({ reason, count: n }))
        .sort((a, b) => b.count - a.count)
        .slice(0, 3),
      uncertainOrders: uncertain
        .filter((r) => r.destination === destination)
        .map((r) => {
          const orderId = (r.payload as { orderId?: unknown } | null)?.orderId;
          return typeof orderId === 'string' ? orderId : r.eventId;
        }),
    };
  });
}

export function formatStatus(rows: DestinationStatus[]): string {
  const head = [
    'destination',
    'queued',
    'retrying',
    'in flight',
    'delivered',
    'skipped',
    'dead',
    'uncertain',
    'state',
  ];
  const body = rows.map((r) => [
    r.destination,
    String(r.queued),
    String(r.retrying),
    String(r.inFlight),
    String(r.delivered),
    String(r.skipped),
    String(r.dead),
    String(r.uncertain),
    r.state,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) =>
        i === 0 || i === cells.length - 1 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd();
  const lines = [line(head), ...body.map(line)];
  for (const r of rows) {
    for (const d of r.deadReasons) lines.push(`  ${r.destination} dead x${d.count}: ${d.reason}`);
    if (r.uncertain > 0) {
      const shown = r.uncertainOrders.slice(0, 10);
      const more = r.uncertain - shown.length;
      lines.push(
        `  ${r.destination} uncertain x${r.uncertain}: sent without a known outcome (interrupted mid-send, or no answer): the platform may or may not have counted them; ${UNCERTAIN_HINT.replace('<d>', r.destination)}`,
        `    orders: ${shown.join(', ')}${more > 0 ? ` (+${more} more)` : ''}`,
      );
    }
  }
  return lines.join('\n');
}

/** `[#########.........]  45/100  45%` */
export function progressBar(done: number, total: number, width = 30): string {
  const ratio = total <= 0 ? 1 : Math.min(1, Math.max(0, done / total));
  const filled = Math.round(ratio * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${Math.floor(ratio * 100)}%`;
}
