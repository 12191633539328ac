/**
 * The HTTP classification every platform here shares (2xx delivered, 401/403 paused,
 * 408/429/5xx retried honouring `Retry-After`, other 4xx permanent); destinations refine it.
 */
import { parseRetryAfter } from '../delivery/retry-after.js';
import type { Outcome, PlatformResponse } from './types.js';

export function classifyStatus(response: PlatformResponse, detail = ''): Outcome {
  const { status } = response;
  const why = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 401 || status === 403) return { kind: 'paused', reason: `token refused (${why})` };
  if (status === 408 || status === 429 || status >= 500) {
    const after = parseRetryAfter(response.headers.get('retry-after'), response.receivedAt);
    return after === undefined ? { kind: 'retry', reason: why } : { kind: 'retry', reason: why, after };
  }
  return { kind: 'permanent', reason: why };
}

/** A short, single-line excerpt of an error body for reasons shown to operators. */
export function excerpt(body: unknown, max = 200): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
