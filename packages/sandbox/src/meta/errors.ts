import type { Answer } from '../endpoint.js';

const traceId = (): string => `A${Math.random().toString(36).slice(2, 12)}`;

/** Meta's error envelope `{error: {message, type, code, error_subcode, is_transient, fbtrace_id}}`. */
export function graphError(
  status: Answer['status'],
  e: { message: string; type?: string; code: number; subcode?: number; transient?: boolean },
): Answer {
  return {
    status,
    body: {
      error: {
        message: e.message,
        type: e.type ?? 'OAuthException',
        code: e.code,
        error_subcode: e.subcode ?? 0,
        is_transient: e.transient ?? false,
        fbtrace_id: traceId(),
      },
    },
    error: `code ${e.code}: ${e.message}`,
  };
}

export const graphSuccess = (received: number): Answer => ({
  status: 200,
  body: { events_received: received, messages: [], fbtrace_id: traceId() },
});
