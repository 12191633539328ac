import { describe, expect, it, vi } from 'vitest';
import { neuroonApp } from './neuroon/server.js';
import { json, testState } from './test-helpers.js';
import { Switches } from './switches.js';

describe('Switches', () => {
  it('fails the given number of times, then not', () => {
    const s = new Switches();
    s.fail({ status: 500, times: 2 });
    expect([s.take(), s.take(), s.take()]).toEqual([
      { failure: { status: 500, times: 2 } },
      { failure: { status: 500, times: 2 } },
      {},
    ]);
  });

  it('keeps failing without times until reset, and slows independently', () => {
    const s = new Switches();
    s.fail({ status: 401 });
    s.slow({ delayMs: 50, times: 1 });
    expect([s.take(), s.take()]).toEqual([
      { failure: { status: 401 }, delayMs: 50 },
      { failure: { status: 401 } },
    ]);
    s.reset();
    expect(s.take()).toEqual({});
  });
});

describe('slow mode on an endpoint', () => {
  it('holds the answer for delayMs, then answers as usual', async () => {
    vi.useFakeTimers();
    try {
      const { state } = testState('neuroon');
      const app = neuroonApp(
        state,
        { apiKey: 'k', shopId: 's', origin: 'http://o.test', refundPath: '/r' },
        [],
      );
      state.switches.slow({ delayMs: 300, times: 1 });
      let status = 0;
      const pending = Promise.resolve(app.request('/api/plugin/shops/s/track/conversion', json({}))).then(
        (r) => (status = r.status),
      );
      await vi.advanceTimersByTimeAsync(299);
      expect(status).toBe(0);
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      expect(status).toBe(401);
    } finally {
      vi.useRealTimers();
    }
  });
});
