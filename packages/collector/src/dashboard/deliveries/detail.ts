/**
 * What the detail page of one conversion shows: its snapshot, each destination's row, the row's
 * attempts as sent and answered (stored redacted by the engine, `delivery/attempt.ts`), and the
 * decision trail, in words.
 *
 * A row with no attempt recorded (not sent yet, or sent before attempts were recorded) shows the
 * request its snapshot makes instead, rebuilt by the destination's own `buildRequest` with the
 * settings as they are now and a placeholder instead of the token: the token is never read here,
 * so it can never be shown. Hashed identifiers appear as the hashes sent; the snapshot never holds
 * them in clear.
 */
import type { Conversion } from '../../delivery/conversion.js';
import { DESTINATIONS } from '../../destinations/registry.js';
import type { Attempt, OutboxRow } from '../../storage/types.js';
import type { DestinationView } from '../ports.js';
import { clock, conversionOf, rowStatus, type RowStatus } from './status.js';

/** Stands in for the token in every request shown. */
export const TOKEN_PLACEHOLDER = '[token not shown]';

export interface RowDetail {
  row: OutboxRow;
  status: RowStatus;
  /** Newest first, each body pretty-printed when it is JSON. */
  attempts: Attempt[];
  /**
   * Without attempts: the request body as the destination builds it now, or why it cannot be
   * shown. With attempts: undefined.
   */
  request?: { url: string; body: string } | { unavailable: string };
  trail: string[];
}

export async function rowDetail(
  row: OutboxRow,
  attempts: Attempt[],
  view: DestinationView | undefined,
  now: number,
): Promise<RowDetail> {
  return {
    row,
    status: rowStatus(row, now),
    attempts: attempts.map((a) => ({ ...a, body: pretty(a.body) })),
    ...(attempts.length === 0 && { request: await requestOf(row, view) }),
    trail: trailOf(row, now),
  };
}

async function requestOf(row: OutboxRow, view: DestinationView | undefined): Promise<RowDetail['request']> {
  if (row.status === 'skipped') return { unavailable: 'Nothing is sent for a skipped conversion.' };
  if (row.status === 'delivered' && row.via === 'pixel') {
    return { unavailable: 'The pixel delivered it; the server sent nothing.' };
  }
  const impl = DESTINATIONS.find((d) => d.name === row.destination);
  const options = impl?.options.safeParse(view?.options ?? {});
  if (!impl || !options?.success)
    return { unavailable: 'The destination is not configured, so no request is built.' };
  try {
    const request = await impl.buildRequest([row.payload as Conversion], options.data, TOKEN_PLACEHOLDER);
    const url = new URL(request.url);
    url.search = '';
    return { url: url.toString(), body: pretty(request.body) };
  } catch (error) {
    return { unavailable: `The request cannot be built from this snapshot: ${(error as Error).message}` };
  }
}

function pretty(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

/** The decision trail: planned, waited for the pixel, sent or settled by pixel, and why. */
export function trailOf(row: OutboxRow, now: number): string[] {
  const c = conversionOf(row);
  const at = (t: number) => clock(t, now);
  const trail = [
    `Planned at ${at(row.createdAt)}${c.platformEvent ? ` as ${String(c.platformEvent)}` : ''}.`,
  ];
  if (row.status === 'skipped') return [...trail, `Skipped: ${row.reason ?? 'no reason stored'}.`];
  if (
    row.reason?.startsWith('waiting for ') ||
    (!row.reason && row.attempts === 0 && row.nextAttemptAt > row.createdAt)
  ) {
    trail.push(
      `${row.nextAttemptAt > now ? 'Waiting' : 'Waited'} for the pixel until ${at(row.nextAttemptAt)}.`,
    );
  }
  const sends = row.attempts === 1 ? '1 send' : `${row.attempts} sends`;
  switch (row.status) {
    case 'delivered':
      trail.push(
        row.via === 'pixel'
          ? `Settled by the pixel${row.deliveredAt ? ` at ${at(row.deliveredAt)}` : ''}: it loaded on the purchase page, so nothing was sent.`
          : `Sent by the server and accepted${row.deliveredAt ? ` at ${at(row.deliveredAt)}` : ''}, after ${sends}.`,
      );
      break;
    case 'pending':
      if (row.attempts > 0) trail.push(`${sends} so far; the last answer: ${row.reason ?? 'none stored'}.`);
      trail.push(rowStatus(row, now).label.replace(/^./, (s) => s.toUpperCase()) + '.');
      break;
    case 'sending':
      trail.push('Being sent now.');
      break;
    case 'dead':
      trail.push(`Failed after ${sends}: ${row.reason ?? 'no reason stored'}.`);
      break;
    case 'uncertain':
      trail.push(`Sent, but no answer came back: ${row.reason ?? 'no reason stored'}.`);
      break;
  }
  return trail;
}
