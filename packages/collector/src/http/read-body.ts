/**
 * Reads a request body as UTF-8 text with a hard byte limit that also holds for chunked and
 * unknown-length bodies: the stream is read chunk by chunk and reading stops as soon as the limit is
 * passed, so a hostile client cannot make the collector buffer more than `limit` bytes.
 */
import type { Context } from 'hono';
import { invalidUtf8Offset } from './unicode.js';

export type BodyResult =
  | { ok: true; text: string }
  | { ok: false; reason: 'too_large' | 'unreadable' }
  /** `offset`: the byte where the first invalid sequence starts. */
  | { ok: false; reason: 'invalid_utf8'; offset: number };

/**
 * Reads the body of the request in `c` with a byte limit. The default works on any runtime; the
 * Node adapter passes one that reads the socket stream directly (no Fetch `Request` to build).
 */
export type BodyReader = (c: Context, limit: number) => Promise<BodyResult>;

export const readRequestBody: BodyReader = (c, limit) => readLimitedText(c.req.raw, limit);

/** UTF-8 text of `bytes`, or `invalid_utf8`: a beacon with broken bytes is a client error. */
export function decodeUtf8(bytes: Uint8Array): BodyResult {
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'invalid_utf8', offset: invalidUtf8Offset(bytes) };
  }
}

export async function readLimitedText(request: Request, limit: number): Promise<BodyResult> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) return { ok: false, reason: 'too_large' };
  if (!request.body) return { ok: true, text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        // Stop reading, but do not cancel: on Node, cancelling destroys the socket before the 413
        // is written. The adapter drains and closes what the client still sends.
        reader.releaseLock();
        return { ok: false, reason: 'too_large' };
      }
      chunks.push(value);
    }
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return decodeUtf8(bytes);
}
