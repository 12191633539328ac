import type { Answer } from '../endpoint.js';

/** TikTok merges the pixel's and the server's event with the same name and `event_id` within 48 hours. */
export const TIKTOK_DEDUP_WINDOW_MS = 48 * 3_600_000;

const requestId = (): string => `2026${Math.random().toString(16).slice(2, 18).toUpperCase()}`;

/**
 * TikTok's envelope `{code, message, request_id, data}`. Errors come with HTTP 200 and a non-zero
 * `code` unless `status` says otherwise (a staged outage).
 */
export function tiktokAnswer(code: number, message: string, status: Answer['status'] = 200): Answer {
  return {
    status,
    body: { code, message, request_id: requestId(), data: {} },
    ...(code === 0 ? {} : { error: `code ${code}: ${message}` }),
  };
}
