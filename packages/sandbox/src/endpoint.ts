import { gunzipSync } from 'node:zlib';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Ledger } from './ledger.js';
import type { FailSpec, Switches } from './switches.js';

/** What one platform's servers share: its ledger, its switches and the clock. */
export interface PlatformState {
  ledger: Ledger;
  switches: Switches;
  now: () => number;
}

export interface ApiRequest {
  /** Parsed JSON body (gunzipped first when `Content-Encoding: gzip`); undefined when empty. */
  body: unknown;
  /** Set when the body could not be read as JSON. */
  bodyError?: string;
  query: Record<string, string>;
  headers: Headers;
  /** Path parameters of the route. */
  params: Record<string, string>;
  path: string;
  now: number;
}

export interface Answer {
  /** 204: no body (GA4's production endpoint). */
  status: ContentfulStatusCode | 204;
  body: unknown;
  headers?: Record<string, string>;
  /** Why the request was refused; kept in the receipt. */
  error?: string;
}

/**
 * A server-API route: reads the body, applies the slow and failure switches, lets `handle` validate
 * and count, and records the receipt with the status answered. `refuse` shapes a staged failure in
 * the platform's own error format.
 */
export function apiEndpoint(
  state: PlatformState,
  endpoint: string,
  refuse: (spec: FailSpec, req: ApiRequest) => Answer,
  handle: (req: ApiRequest) => Answer,
) {
  return async (c: Context) => {
    const req = await readRequest(c, state.now());
    const { failure, delayMs } = state.switches.take();
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    let answer: Answer;
    if (failure) {
      answer = { ...refuse(failure, req), error: `failure switch: HTTP ${failure.status}` };
      if (failure.echoToken) answer.body = echoCredential(answer.body, presentedCredential(req));
      if (failure.status === 429 && failure.retryAfter !== undefined)
        answer.headers = { ...answer.headers, 'retry-after': String(failure.retryAfter) };
    } else {
      answer = handle(req);
    }
    state.ledger.receive({
      path: 'server',
      endpoint,
      status: answer.status,
      query: withoutToken(req.query, 'api_secret') as Record<string, string>,
      payload: withoutToken(req.body),
      ...(answer.error ? { error: answer.error } : {}),
      time: req.now,
    });
    if (answer.status === 204) return c.body(null, 204, answer.headers);
    return c.json(answer.body as object, answer.status, answer.headers);
  };
}

async function readRequest(c: Context, now: number): Promise<ApiRequest> {
  const url = new URL(c.req.url);
  const base = {
    query: Object.fromEntries(url.searchParams),
    headers: c.req.raw.headers,
    params: c.req.param() as Record<string, string>,
    path: url.pathname,
    now,
  };
  let bytes = new Uint8Array(await c.req.arrayBuffer());
  if (/gzip/i.test(c.req.header('content-encoding') ?? '')) {
    try {
      bytes = gunzipSync(bytes);
    } catch {
      return { ...base, body: undefined, bodyError: 'the gzip body could not be decompressed' };
    }
  }
  if (bytes.length === 0) return { ...base, body: undefined };
  try {
    return { ...base, body: JSON.parse(new TextDecoder().decode(bytes)) };
  } catch {
    return { ...base, body: undefined, bodyError: 'the body is not valid JSON' };
  }
}

/** The credential a request carried: its Authorization value, Neuroon's or TikTok's header, or Meta's `access_token`. */
function presentedCredential(req: ApiRequest): string {
  const body = req.body as { access_token?: unknown } | undefined;
  return (
    req.headers.get('authorization')?.replace(/^\w+\s+/, '') ??
    req.headers.get('x-shop-api-key') ??
    req.headers.get('access-token') ??
    (typeof body?.access_token === 'string' ? body.access_token : req.query.access_token) ??
    req.query.api_secret ??
    ''
  );
}

/** Every `message` of an error body, with `: invalid token <credential>` appended. */
function echoCredential(body: unknown, credential: string): unknown {
  if (Array.isArray(body)) return body.map((v) => echoCredential(v, credential));
  if (!body || typeof body !== 'object') return body;
  return Object.fromEntries(
    Object.entries(body).map(([k, v]) => [
      k,
      k === 'message' && typeof v === 'string'
        ? `${v}: invalid token ${credential}`
        : echoCredential(v, credential),
    ]),
  );
}

/** Drops `access_token` (and GA4's `api_secret` from queries) so no ledger ever holds a token. */
function withoutToken(value: unknown, also = 'access_token'): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => k !== 'access_token' && k !== also));
}
