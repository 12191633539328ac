/**
 * One HTTP exchange with a platform, through the injected `fetch`, bounded by a timeout. Network
 * failures come back as a retryable outcome, never as a throw; `maybeSent` tells whether the
 * request may have reached the platform (a timeout, a connection cut mid-way) or surely did not
 * (no connection could be made).
 */
import type { Outcome, PlatformRequest, PlatformResponse } from '../destinations/types.js';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

/** Failures before any byte of the request left: nothing can have been counted. */
const NOT_CONNECTED = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** The error code of a failed `fetch` (undici puts it on `cause`, sometimes on an AggregateError's errors). */
function causeCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown; errors?: Array<{ code?: unknown }> } }).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  return typeof code === 'string' ? code : undefined;
}

export async function sendRequest(
  fetchFn: Fetch,
  request: PlatformRequest,
  timeoutMs: number,
  now: () => number,
): Promise<PlatformResponse | Extract<Outcome, { kind: 'retry' }>> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const res = await fetchFn(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.body,
      signal: controller.signal,
    });
    const text = await res.text();
    let body: unknown = text;
    if (text && /json/i.test(res.headers.get('content-type') ?? '')) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    return { status: res.status, headers: res.headers, body, receivedAt: now() };
  } catch (error) {
    const reason = controller.signal.aborted ? `timed out after ${timeoutMs} ms` : (error as Error).message;
    const notSent = !controller.signal.aborted && NOT_CONNECTED.has(causeCode(error) ?? '');
    return { kind: 'retry', reason: `network: ${reason}`, maybeSent: !notSent };
  } finally {
    clearTimeout(timer);
  }
}
