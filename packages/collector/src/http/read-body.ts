/**
 * Reads a request body as UTF-8 text with a hard byte limit that also holds for chunked and
 * unknown-length bodies: the stream is read chunk by chunk and reading stops as soon as the limit is
 * passed, so a hostile client cannot make the collector buffer more than `limit` bytes.
 */

export type BodyResult =
  { ok: true; text: string } | { ok: false; reason: 'too_large' | 'invalid_utf8' | 'unreadable' };

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
  try {
    return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) };
  } catch {
    return { ok: false, reason: 'invalid_utf8' };
  }
}
