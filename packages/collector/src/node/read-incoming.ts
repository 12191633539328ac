/**
 * The Node adapter's body reader: reads `IncomingMessage` chunks straight from the socket with
 * the byte limit, without building a Fetch `Request` and a web stream per request (most of a
 * beacon's CPU on Node). Falls back to the portable reader when there is no untouched
 * `IncomingMessage` (another adapter, or something upstream already read the body).
 */
import type { IncomingMessage } from 'node:http';
import { decodeUtf8, readRequestBody, type BodyReader, type BodyResult } from '../http/read-body.js';

function readIncoming(incoming: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = incoming.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit)
    return Promise.resolve({ ok: false, reason: 'too_large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = (result: BodyResult) => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      // Stop listening; the adapter drains (and, past its own bound, closes) what is left.
      if (size > limit) {
        incoming.pause();
        done({ ok: false, reason: 'too_large' });
      } else chunks.push(chunk);
    };
    const onEnd = () => done(decodeUtf8(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size)));
    const onError = () => done({ ok: false, reason: 'unreadable' });
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
  });
}

export const nodeReadBody: BodyReader = (c, limit) => {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  const untouched = incoming && incoming.readableFlowing === null && !incoming.readableEnded;
  return untouched ? readIncoming(incoming, limit) : readRequestBody(c, limit);
};
