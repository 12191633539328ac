import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../storage/types.js';
import { groupConversions, rowStatus } from './status.js';

const base: OutboxRow = {
  id: 1,
  destination: 'meta',
  eventId: 'e1',
  payload: {},
  status: 'pending',
  attempts: 0,
  createdAt: 1000,
  nextAttemptAt: 1000,
};

describe('rowStatus', () => {
  it.each([
    [{}, { kind: 'queued', label: 'queued' }],
    [
      { reason: 'paused: token refused' },
      { kind: 'queued', label: 'queued', reason: 'paused: token refused' },
    ],
    [
      { attempts: 2, reason: 'HTTP 503' },
      { kind: 'retrying', label: 'retrying (attempt 3)', reason: 'HTTP 503' },
    ],
    [
      { status: 'delivered', via: 'server' },
      { kind: 'delivered', label: 'delivered by server' },
    ],
    [
      { status: 'delivered', via: 'pixel' },
      { kind: 'delivered', label: 'delivered by pixel' },
    ],
    [
      { status: 'skipped', reason: 'no ad consent' },
      { kind: 'skipped', label: 'skipped', reason: 'no ad consent' },
    ],
    [
      { status: 'dead', reason: 'HTTP 400' },
      { kind: 'dead', label: 'dead', reason: 'HTTP 400' },
    ],
    [
      { status: 'sending', attempts: 1 },
      { kind: 'sending', label: 'sending' },
    ],
    [
      { status: 'uncertain', reason: 'interrupted mid-send: AdRoll may or may not have counted it' },
      {
        kind: 'uncertain',
        label: 'uncertain: check the platform',
        reason: 'interrupted mid-send: AdRoll may or may not have counted it',
      },
    ],
  ] as const)('%j reads as %j', (fields, expected) => {
    expect(rowStatus({ ...base, ...fields })).toEqual(expected);
  });
});

describe('groupConversions', () => {
  it('groups rows by event, newest conversion first, destinations in name order, bounded', () => {
    const rows: OutboxRow[] = [
      {
        ...base,
        id: 1,
        eventId: 'old',
        destination: 'meta',
        payload: { time: 100, orderId: 'A', value: 5, currency: 'EUR' },
      },
      { ...base, id: 2, eventId: 'old', destination: 'adroll', payload: { time: 100, orderId: 'A' } },
      {
        ...base,
        id: 3,
        eventId: 'new',
        destination: 'meta',
        payload: { time: 200, orderId: 'B', shopEvent: 'refund' },
      },
      { ...base, id: 4, eventId: 'bare', destination: 'meta', createdAt: 150, payload: null },
    ];
    const groups = groupConversions(rows, 2);
    expect(groups.map((g) => ({ ...g, rows: g.rows.map((r) => r.id) }))).toEqual([
      { eventId: 'new', time: 200, orderId: 'B', shopEvent: 'refund', rows: [3] },
      { eventId: 'bare', time: 150, rows: [4] },
    ]);
    expect(groupConversions(rows, 5)[2]).toEqual({
      eventId: 'old',
      time: 100,
      orderId: 'A',
      value: 5,
      currency: 'EUR',
      rows: [rows[1], rows[0]],
    });
  });
});
