/**
 * What the server path recovered, per destination and in total, over a window of days: the
 * overview's first figures. Defined here over grouped "cells", so the scan (`recoveryCells`) and
 * an engine's grouped query (`node/sqlite-recovery.ts`) feed the same fold.
 *
 * - A row is recovered when its destination got it from the server path (`delivered`, `via:
 *   server`) while that destination's pixel did not load for it (blocked, off, still pending, or
 *   never reported): the pixels alone would have missed it.
 * - A conversion is recovered when any of its rows is; its value and currency are those of its
 *   row that sorts first by destination.
 * - Money is summed in minor units (value x 100, rounded half away from zero) per currency.
 * - The window's conversions split into an earlier and a later half (`later`), for trends.
 */
import type { OutboxStatus } from '../../storage/types.js';
import { conversionOf, type ConversionRows } from '../deliveries/status.js';
import { carried, IDENTIFIERS, type Identifier } from './identifiers.js';
import { skipGroup, type SkipGroup } from './skip-groups.js';

const DAY = 86_400_000;

/** Minor units per currency code ('' when the snapshot had none). */
export type Money = Record<string, number>;

/** Rows of one (destination, status, via, skip reason, currency, half of the window). */
export interface RowCell {
  destination: string;
  status: string;
  via: string;
  /** The skip reason for skipped rows, '' otherwise. */
  reason: string;
  currency: string;
  later: boolean;
  rows: number;
  value: number;
  recovered: number;
  recoveredValue: number;
  ids: Record<Identifier, number>;
}

/** Conversions of one currency. */
export interface ConversionCell {
  currency: string;
  conversions: number;
  value: number;
  recovered: number;
  recoveredValue: number;
}

/** Identifier counts among rows meant to be sent (not skipped) in one half of the window. */
export interface IdentifierCounts {
  rows: number;
  ids: Record<Identifier, number>;
}

export interface DestinationFigures {
  destination: string;
  /** Delivered by the server path. */
  delivered: number;
  /** Settled as delivered by the destination's pixel. */
  byPixel: number;
  /** Queued, waiting for the pixel, retrying, or being sent. */
  waiting: number;
  /** Dead: the platform refused it or Tandem gave up. */
  failed: number;
  /** Sent without an answer: held for a check against the platform's report. */
  uncertain: number;
  skipped: Record<SkipGroup, number>;
  recovered: number;
  recoveredValue: Money;
  serverValue: Money;
  pixelValue: Money;
  /** Earlier and later half of the window. */
  identifiers: [IdentifierCounts, IdentifierCounts];
}

export interface Recovery {
  conversions: number;
  recovered: number;
  value: Money;
  recoveredValue: Money;
  destinations: DestinationFigures[];
}

/** value x 100, rounded half away from zero (SQLite's ROUND). */
export function minorUnits(value: unknown): number {
  return typeof value === 'number' ? Math.sign(value) * Math.round(Math.abs(value) * 100) : 0;
}

const noIds = () => Object.fromEntries(IDENTIFIERS.map((id) => [id, 0])) as Record<Identifier, number>;

/** The scan: cells from conversions grouped by `groupConversions`, those of the window only. */
export function recoveryCells(conversions: ConversionRows[], days: number, now: number) {
  const since = (Math.floor(now / DAY) - days + 1) * DAY;
  const half = since + Math.floor(days / 2) * DAY;
  const rows = new Map<string, RowCell>();
  const convs = new Map<string, ConversionCell>();
  for (const conv of conversions) {
    if (conv.time < since) continue;
    let recoveredAny = false;
    for (const row of conv.rows) {
      const c = conversionOf(row);
      const pixels = c.pixels as Record<string, unknown> | undefined;
      const loaded =
        pixels && typeof pixels === 'object' && Object.hasOwn(pixels, row.destination)
          ? pixels[row.destination] === 'loaded'
          : false;
      const recovered = row.status === 'delivered' && row.via === 'server' && !loaded;
      recoveredAny ||= recovered;
      const cell: Omit<RowCell, 'rows' | 'value' | 'recovered' | 'recoveredValue' | 'ids'> = {
        destination: row.destination,
        status: row.status,
        via: row.via ?? '',
        reason: row.status === 'skipped' ? (row.reason ?? '') : '',
        currency: typeof c.currency === 'string' ? c.currency : '',
        later: conv.time >= half,
      };
      const key = JSON.stringify(cell);
      const into = rows.get(key) ?? {
        ...cell,
        rows: 0,
        value: 0,
        recovered: 0,
        recoveredValue: 0,
        ids: noIds(),
      };
      const value = minorUnits(c.value);
      into.rows += 1;
      into.value += value;
      if (recovered) {
        into.recovered += 1;
        into.recoveredValue += value;
      }
      const has = carried(c);
      for (const id of IDENTIFIERS) if (has[id]) into.ids[id] += 1;
      rows.set(key, into);
    }
    const first = conv.rows[0] ? conversionOf(conv.rows[0]) : {};
    const currency = typeof first.currency === 'string' ? first.currency : '';
    const into = convs.get(currency) ?? {
      currency,
      conversions: 0,
      value: 0,
      recovered: 0,
      recoveredValue: 0,
    };
    const value = minorUnits(first.value);
    into.conversions += 1;
    into.value += value;
    if (recoveredAny) {
      into.recovered += 1;
      into.recoveredValue += value;
    }
    convs.set(currency, into);
  }
  return { rows: [...rows.values()], conversions: [...convs.values()] };
}

function add(money: Money, currency: string, amount: number) {
  if (amount !== 0) money[currency] = (money[currency] ?? 0) + amount;
}

const WAITING: readonly string[] = ['pending', 'sending'] satisfies OutboxStatus[];

/** The figures from cells, whichever way they were counted. */
export function foldRecovery(cells: { rows: RowCell[]; conversions: ConversionCell[] }): Recovery {
  const out: Recovery = { conversions: 0, recovered: 0, value: {}, recoveredValue: {}, destinations: [] };
  for (const c of cells.conversions) {
    out.conversions += c.conversions;
    out.recovered += c.recovered;
    add(out.value, c.currency, c.value);
    add(out.recoveredValue, c.currency, c.recoveredValue);
  }
  const by = new Map<string, DestinationFigures>();
  for (const cell of cells.rows) {
    let d = by.get(cell.destination);
    if (!d) {
      d = {
        destination: cell.destination,
        delivered: 0,
        byPixel: 0,
        waiting: 0,
        failed: 0,
        uncertain: 0,
        skipped: { 'no adct': 0, 'no consent': 0, 'sharing off': 0, 'not mapped': 0, other: 0 },
        recovered: 0,
        recoveredValue: {},
        serverValue: {},
        pixelValue: {},
        identifiers: [
          { rows: 0, ids: noIds() },
          { rows: 0, ids: noIds() },
        ],
      };
      by.set(cell.destination, d);
    }
    d.recovered += cell.recovered;
    add(d.recoveredValue, cell.currency, cell.recoveredValue);
    if (cell.status === 'skipped') {
      d.skipped[skipGroup(cell.reason)] += cell.rows;
      continue;
    }
    if (cell.status === 'delivered' && cell.via === 'pixel') {
      d.byPixel += cell.rows;
      add(d.pixelValue, cell.currency, cell.value);
    } else if (cell.status === 'delivered') {
      d.delivered += cell.rows;
      add(d.serverValue, cell.currency, cell.value);
    } else if (WAITING.includes(cell.status)) d.waiting += cell.rows;
    else if (cell.status === 'uncertain') d.uncertain += cell.rows;
    else d.failed += cell.rows;
    const half = d.identifiers[cell.later ? 1 : 0];
    half.rows += cell.rows;
    for (const id of IDENTIFIERS) half.ids[id] += cell.ids[id];
  }
  out.destinations = [...by.values()].sort((a, b) => a.destination.localeCompare(b.destination));
  return out;
}
