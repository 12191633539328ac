import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonBody, type JsonBodyOptions } from './json-body.js';

const Item = z.strictObject({
  name: z.string().min(1),
  note: z.string().default('none'),
  lines: z.array(z.strictObject({ qty: z.number().int().positive() })).min(1),
});

const MAX = 64;

/** A route behind `jsonBody` that echoes what the handler received, and what was rejected. */
function setup(options: Partial<JsonBodyOptions> = {}) {
  const rejected: string[] = [];
  const received: z.output<typeof Item>[] = [];
  const app = new Hono().post(
    '/x',
    jsonBody(Item, {
      maxBytes: MAX,
      invalidCode: 'invalid_item',
      fix: { invalid: 'See the item fields.', tooLarge: 'Send a smaller item.' },
      onReject: (code) => rejected.push(code),
      ...options,
    }),
    (c) => {
      const item = c.req.valid('json');
      received.push(item);
      return c.json({ lines: item.lines.length });
    },
  );
  const post = (
    body: string | Uint8Array | ReadableStream<Uint8Array> | null,
    headers: Record<string, string> = {},
  ) =>
    app.request('/x', {
      method: 'POST',
      body,
      headers,
      ...(body instanceof ReadableStream && { duplex: 'half' }),
    });
  return { post, rejected, received };
}

const valid = JSON.stringify({ name: 'a', lines: [{ qty: 1 }] });

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string; where?: string; fix?: string } })
    .error;
}

describe('jsonBody', () => {
  it('hands the parsed, typed value to the handler', async () => {
    const { post, received, rejected } = setup();
    const res = await post(valid);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ lines: 1 });
    // The schema's output (its default filled in), not the raw JSON.
    expect(received).toEqual([{ name: 'a', note: 'none', lines: [{ qty: 1 }] }]);
    expect(rejected).toEqual([]);
  });

  it.each([
    ['an empty body', '', 'invalid_json', undefined],
    ['no body at all', null, 'invalid_json', undefined],
    ['broken JSON', '{"name":', 'invalid_json', undefined],
    ['a JSON array', '[]', 'invalid_item', '(body)'],
    ['a missing field', '{"name":"a"}', 'invalid_item', 'lines'],
    ['a nested bad value', '{"name":"a","lines":[{"qty":1},{"qty":0}]}', 'invalid_item', 'lines.1.qty'],
    ['an unknown field', '{"name":"a","lines":[{"qty":1}],"x":1}', 'invalid_item', '(body)'],
    // A lone surrogate escape is valid JSON but not valid text: refused before the schema, like the
    // same code point as raw bytes (`unicode.ts`).
    ['a lone surrogate escape', '{"name":"\\ud800","lines":[]}', 'invalid_unicode', 'name'],
  ])('answers %s with a 400, where and a fix, and never calls the handler', async (_n, body, code, where) => {
    const { post, received, rejected } = setup();
    const res = await post(body);
    expect(res.status).toBe(400);
    const error = await errorOf(res);
    expect([error.code, error.where]).toEqual([code, where]);
    expect(error.message).not.toBe('');
    expect(error.fix).toMatch(/\w/);
    expect(received).toEqual([]);
    expect(rejected).toEqual([code]);
  });

  it('gives the first schema issue its own message and the route fix', async () => {
    const { post } = setup();
    expect(await errorOf(await post('{"name":"","lines":[{"qty":1}]}'))).toEqual({
      code: 'invalid_item',
      message: expect.stringMatching(/>=1 characters/),
      where: 'name',
      fix: 'See the item fields.',
    });
  });

  it('refuses bytes that are not UTF-8, an encoded lone surrogate included', async () => {
    const { post, received } = setup();
    for (const [bytes, where] of [
      [[0x7b, 0xff, 0xfe, 0x7d], '(body) byte 1'],
      [[0x22, 0xed, 0xa0, 0x80, 0x22], '(body) byte 1'],
    ] as const) {
      const res = await post(new Uint8Array(bytes));
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toMatchObject({ code: 'invalid_unicode', where });
    }
    expect(received).toEqual([]);
  });

  it('refuses a body over the limit, whether declared or streamed without a length', async () => {
    const { post, received, rejected } = setup();
    const big = JSON.stringify({ name: 'x'.repeat(MAX), lines: [{ qty: 1 }] });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(await errorOf(declared)).toEqual({
      code: 'body_too_large',
      message: `The body is larger than ${MAX} bytes.`,
      fix: 'Send a smaller item.',
    });
    const chunks = [big.slice(0, 40), big.slice(40)].map((s) => new TextEncoder().encode(s));
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    expect((await post(stream)).status).toBe(413);
    expect(received).toEqual([]);
    expect(rejected).toEqual(['body_too_large', 'body_too_large']);
  });

  it('accepts exactly the limit and refuses one byte more, also when streamed', async () => {
    const { post } = setup();
    const exact = JSON.stringify({ name: 'x', lines: [{ qty: 1 }] }).padEnd(MAX, ' ');
    expect(exact).toHaveLength(MAX);
    const stream = (text: string) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text));
          controller.close();
        },
      });
    expect((await post(exact)).status).toBe(200);
    expect((await post(stream(exact))).status).toBe(200);
    expect((await post(`${exact} `)).status).toBe(413);
    expect((await post(stream(`${exact} `))).status).toBe(413);
  });

  it('checks the content type before reading, when the route asks for one', async () => {
    const { post, received } = setup({
      contentType: { pattern: /^application\/json\b/i, name: 'application/json' },
    });
    const res = await post(valid, { 'content-type': 'text/plain' });
    expect(res.status).toBe(415);
    expect(await errorOf(res)).toEqual({
      code: 'unsupported_media_type',
      message: 'The body must be application/json.',
      where: 'Content-Type',
      fix: 'Send `Content-Type: application/json`.',
    });
    expect((await post(valid, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect(received).toHaveLength(1);
  });

  it('reads through the reader it is given, with the route limit', async () => {
    const limits: number[] = [];
    const { post } = setup({
      read: (_c, limit) => {
        limits.push(limit);
        return Promise.resolve({ ok: true, text: valid });
      },
    });
    expect((await post('ignored')).status).toBe(200);
    expect(limits).toEqual([MAX]);
  });
});
