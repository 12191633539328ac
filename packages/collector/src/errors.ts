/** One JSON shape for every error the collector answers: what was wrong, where, and how to fix it. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface ApiError {
  error: { code: string; message: string; where?: string; fix?: string };
}

export function apiError(
  c: Context,
  status: ContentfulStatusCode,
  code: string,
  message: string,
  extra: { where?: string; fix?: string } = {},
) {
  return c.json<ApiError>({ error: { code, message, ...extra } }, status);
}

/** A refusal the client should retry: 429 or 503 with `Retry-After` (whole seconds), same shape. */
export function retryLater(
  c: Context,
  status: 429 | 503,
  seconds: number,
  code: string,
  message: string,
  extra: { where?: string; fix?: string } = {},
) {
  c.header('Retry-After', String(Math.max(1, Math.ceil(seconds))));
  return apiError(c, status, code, message, extra);
}
