import { describe, expect, it } from 'vitest';
import type { Conversion } from '../../delivery/conversion.js';
import type { OutboxRow, StoredEvent } from '../../storage/types.js';
import type { ConversionRows } from '../deliveries/status.js';
import { blockedPixelShare, conversionsByDay, matchQuality, percent } from './stats.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 23, 15, 0, 0);

function row(destination: string, fields: Partial<OutboxRow>, payload: Partial<Conversion> = {}): OutboxRow {
  return {
    id: 1,
    destination,
    eventId: 'e',
    payload,
    status: 'pending',
    attempts: 0,
    createdAt: NOW,
    nextAttemptAt: NOW,
    ...fields,
  };
}

function conv(time: number, rows: OutboxRow[]): ConversionRows {
  return { eventId: `e${time}`, time, rows };
}

describe('conversionsByDay', () => {
  it('buckets each conversion by UTC day and by the paths that delivered it', () => {
    const pixelLoaded = { pixels: { adroll: 'loaded' as const, meta: 'blocked' as const } };
    const days = conversionsByDay(
      [
        // Today: pixel loaded and Meta's server send delivered -> both.
        conv(NOW - 1000, [
          row('adroll', { status: 'delivered', via: 'pixel' }, pixelLoaded),
          row('meta', { status: 'delivered', via: 'server' }, pixelLoaded),
        ]),
        // Today: pixels blocked, server delivered -> server only.
        conv(NOW - 2000, [
          row('meta', { status: 'delivered', via: 'server' }, { pixels: { meta: 'blocked' } }),
        ]),
        // Yesterday: AdRoll settled by pixel only -> pixel only.
        conv(NOW - DAY, [row('adroll', { status: 'delivered', via: 'pixel' })]),
        // Yesterday: dead everywhere -> not delivered.
        conv(NOW - DAY - 1, [row('meta', { status: 'dead', reason: 'HTTP 400' })]),
        // Outside the window.
        conv(NOW - 3 * DAY, [row('meta', { status: 'delivered', via: 'server' })]),
      ],
      3,
      NOW,
    );
    expect(days).toEqual([
      { day: '2026-11-21', pixel: 0, server: 0, both: 0, none: 0 },
      { day: '2026-11-22', pixel: 1, server: 0, both: 0, none: 1 },
      { day: '2026-11-23', pixel: 0, server: 1, both: 1, none: 0 },
    ]);
  });
});

describe('blockedPixelShare', () => {
  const event = (visitorId: string, pixels: StoredEvent['pixels']): StoredEvent => ({
    id: `${visitorId}-${JSON.stringify(pixels)}`,
    name: 'pageView',
    visitorId,
    receivedAt: NOW,
    url: 'https://shop.test/',
    props: {},
    pixels,
    consent: { ads: true },
    ids: undefined,
  });

  it('counts visitors with any blocked pixel among visitors whose pages reported a pixel', () => {
    expect(
      blockedPixelShare([
        event('a', { adroll: 'blocked', meta: 'blocked' }),
        event('a', { adroll: 'loaded' }),
        event('b', { adroll: 'loaded', meta: 'loaded' }),
        event('c', { meta: 'blocked' }),
        event('d', { adroll: 'off', meta: 'pending' }),
        event('e', undefined),
      ]),
    ).toEqual({ count: 2, total: 3 });
  });
});

describe('matchQuality', () => {
  it('counts conversions carrying adct, fbc or fbp, a hashed email and a searchLogId', () => {
    const em = 'a'.repeat(64);
    const q = matchQuality([
      conv(1, [row('meta', {}, { ids: { adct: 'x', fbp: 'fb.1.1.1' }, user: { em }, lines: [] })]),
      conv(2, [
        row(
          'meta',
          {},
          {
            ids: { fbc: 'fb.1.1.abc' },
            lines: [{ productId: 'p', quantity: 1, price: 1, searchLogId: 's' }],
          },
        ),
      ]),
      conv(3, [row('meta', {}, { ids: {}, user: {} })]),
      conv(4, []),
    ]);
    expect(q).toEqual({ total: 3, adct: 1, fbcOrFbp: 2, email: 1, searchLogId: 1 });
  });

  it('writes shares as whole percents and a dash when there is nothing to divide', () => {
    expect([
      percent({ count: 1, total: 3 }),
      percent({ count: 2, total: 3 }),
      percent({ count: 0, total: 0 }),
    ]).toEqual(['33%', '67%', '—']);
  });
});
