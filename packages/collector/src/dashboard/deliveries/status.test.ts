import { describe, expect, it } from 'vitest';
import type { OutboxRow } from '../../storage/types.js';
import { groupConversions, rowStatus } from './status.js';

const NOW = Date.UTC(2026, 10, 23, 11, 45);
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
    [{}, { kind: 'queued', label: 'queued: sending soon' }],
    [
      { reason: 'paused: token refused' },
      { kind: 'queued', label: 'queued: sending soon', reason: 'paused: token refused' },
    ],
    [
      { destination: 'adroll', createdAt: NOW, nextAttemptAt: NOW + 300_000 },
      { kind: 'waiting', label: "waiting for AdRoll's pixel until 11:50 UTC" },
    ],
    [
      { destination: 'adroll', createdAt: NOW - 300_000, nextAttemptAt: NOW },
      { kind: 'queued', label: 'queued: sending soon' },
    ],
    [
      { reason: 'rate limited', nextAttemptAt: NOW + 60_000 },
      { kind: 'queued', label: 'queued until 11:46 UTC', reason: 'rate limited' },
    ],
    [
      { attempts: 2, reason: 'HTTP 429: slow down', nextAttemptAt: NOW + 18 * 60_000 },
      { kind: 'retrying', label: 'retrying at 12:03 UTC after HTTP 429', reason: 'HTTP 429: slow down' },
    ],
    [
      { attempts: 1, reason: 'HTTP 503', nextAttemptAt: NOW + 86_400_000 },
      { kind: 'retrying', label: 'retrying at 2026-11-24 11:45 UTC after HTTP 503' },
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
      { kind: 'dead', label: 'failed', reason: 'HTTP 400' },
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
    expect(rowStatus({ ...base, ...fields }, NOW)).toEqual(expected);
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
