import { Hono } from 'hono';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createCollector } from './app.js';
import { describeError } from './log-error.js';
import { memoryStorage } from './storage/memory.js';

afterEach(() => vi.restoreAllMocks());

const SERVER_KEY = 'server-key-0123456789abcdefXYZ';
const DIGEST = 'a'.repeat(64);

describe('unexpected errors in the log', () => {
  it('keep their kind, message and stack, with secrets and customer-shaped data replaced', () => {
    const error = new RangeError(
      `no row for jane.doe+ads@example.co.uk from 203.0.113.77 (${DIGEST}) with Bearer ${SERVER_KEY}`,
    );
    const text = describeError(error, [SERVER_KEY, undefined, 'ab']);
    const [head, ...frames] = text.split('\n');
    expect(head).toBe('RangeError: no row for [email] from [ip] ([digest]) with Bearer [secret]');
    expect(frames.length).toBeGreaterThan(0);
    expect(frames.every((line) => /^\s+at /.test(line))).toBe(true);
    expect(frames.join('\n')).toContain('log-error.test.ts');
    expect(describeError('plain text')).toBe('string: plain text');
  });

  it('are logged by the collector with the message and stack, never the server key, behind a 500', async () => {
    const logged: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void logged.push(args.join(' ')));
    // A mounted part that fails the way a bug would.
    const admin = new Hono().get('/boom', () => {
      throw new Error(`storage refused the key ${SERVER_KEY} for customer@example.com`);
    });
    const app = createCollector({ serverKey: SERVER_KEY }, { storage: memoryStorage(), admin });
    const res = await app.request('/app-data/admin/boom');
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([
      500,
      'internal_error',
    ]);
    const line = logged.join('\n');
    expect(line).toContain(
      'tandem: internal error on GET /app-data/admin/boom: Error: storage refused the key [secret] for [email]',
    );
    expect(line).toMatch(/\n\s+at /);
    expect(line).not.toContain(SERVER_KEY);
  });
});
