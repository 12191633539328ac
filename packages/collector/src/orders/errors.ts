/**
 * The error an order call throws for a 4xx, in-process (Node SDK) and over HTTP (the client):
 * the collector's `{code, message, where, fix}` and the status the route answers.
 */
import type { ApiError } from '../errors.js';

export class TandemRequestError extends Error {
  override name = 'TandemRequestError';
  constructor(
    readonly status: number,
    readonly detail: ApiError['error'],
  ) {
    super(`${status} ${detail.code}: ${detail.message}${detail.where ? ` (at ${detail.where})` : ''}`);
  }
}
