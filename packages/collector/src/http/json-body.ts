/**
 * `jsonBody(schema, options)`: the one way a route takes a JSON body. It reads the body with a hard
 * byte limit (413 past it, chunked bodies included), decodes UTF-8, parses JSON once, refuses lone
 * surrogates however they came (`unicode.ts`) and validates
 * with zod; every failure is a 4xx in the collector's one error shape, with `where` set to the path
 * of the first schema issue. The handler reads the typed value with `c.req.valid('json')`.
 */
import type { Context, Env, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { apiError } from '../errors.js';
import { readRequestBody, type BodyReader } from './read-body.js';
import { byteWhere, loneSurrogatePath, unicodeProblem } from './unicode.js';

export interface JsonBodyOptions {
  /** Largest body accepted, in bytes. */
  maxBytes: number;
  /** Error code of a body that is JSON but fails the schema (e.g. `invalid_order`). */
  invalidCode: string;
  /** How to fix a schema failure, and a too-large body. */
  fix: { invalid: string; tooLarge: string };
  /** When set, the `Content-Type` must match it (415 otherwise). */
  contentType?: { pattern: RegExp; name: string };
  /** Reads the body; the Node adapter passes one that reads the socket directly. */
  read?: BodyReader;
  /** Called with the error code of each rejection (metrics). */
  onReject?: (code: string) => void;
}

/** The path of a zod issue as the error's `where`: `products.0.price`, or `(body)` for the root. */
export const issuePath = (issue: z.ZodError['issues'][number]): string => issue.path.join('.') || '(body)';

export function jsonBody<S extends z.ZodType, E extends Env = Env, P extends string = string>(
  schema: S,
  options: JsonBodyOptions,
): MiddlewareHandler<E, P, { in: { json: z.input<S> }; out: { json: z.output<S> } }> {
  const { maxBytes, invalidCode, fix, contentType, onReject } = options;
  const read = options.read ?? readRequestBody;
  const reject = (
    c: Context,
    status: 400 | 413 | 415,
    code: string,
    message: string,
    extra: { where?: string; fix: string },
  ) => {
    onReject?.(code);
    return apiError(c, status, code, message, extra);
  };
  const badText = (c: Context, where: string) => {
    const { code, message, ...extra } = unicodeProblem(where);
    return reject(c, 400, code, message, extra);
  };
  return async (c, next) => {
    if (contentType && !contentType.pattern.test(c.req.header('content-type') ?? ''))
      return reject(c, 415, 'unsupported_media_type', `The body must be ${contentType.name}.`, {
        where: 'Content-Type',
        fix: `Send \`Content-Type: ${contentType.name}\`.`,
      });
    const body = await read(c, maxBytes);
    if (!body.ok)
      return body.reason === 'too_large'
        ? reject(c, 413, 'body_too_large', `The body is larger than ${maxBytes} bytes.`, {
            fix: fix.tooLarge,
          })
        : body.reason === 'invalid_utf8'
          ? badText(c, byteWhere(body.offset))
          : reject(c, 400, 'invalid_body', 'The body could not be read.', {
              fix: 'Send the body as UTF-8 encoded JSON.',
            });
    let json: unknown;
    try {
      json = JSON.parse(body.text);
    } catch {
      return reject(c, 400, 'invalid_json', 'The body is not valid JSON.', { fix: 'Send one JSON value.' });
    }
    const surrogate = loneSurrogatePath(json);
    if (surrogate !== undefined) return badText(c, surrogate);
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return reject(c, 400, invalidCode, issue.message, { where: issuePath(issue), fix: fix.invalid });
    }
    c.req.addValidatedData('json', parsed.data as object);
    await next();
  };
}
