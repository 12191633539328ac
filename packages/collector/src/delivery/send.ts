/**
 * One HTTP exchange with a platform, through the injected `fetch`, bounded by a timeout. Network
 * failures come back as a retryable outcome, never as a throw.
 */
import type { Outcome, PlatformRequest, PlatformResponse } from '../destinations/types.js';

export type Fetch = (url: string, init: RequestInit) => Promise<Response>;

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
    return { kind: 'retry', reason: `network: ${reason}` };
  } finally {
    clearTimeout(timer);
  }
}
