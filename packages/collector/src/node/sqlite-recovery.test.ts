import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { KNOWN_FIGURES, seedKnownMix } from '../dashboard/known-mix.js';
import type { DashboardStorage } from '../dashboard/ports.js';
import { BASE, makeDashboard } from '../dashboard/test-helpers.js';
import { memoryStorage } from '../storage/memory.js';
import type { Storage } from '../storage/types.js';
import { sqliteStorage } from './sqlite-storage.js';

const dir = mkdtempSync(join(tmpdir(), 'tandem-recovery-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = Date.UTC(2026, 10, 23, 12, 0, 0);

/** The text of every element with `attr="value"` inside the element with `data-testid="scope"`. */
function cells(html: string, scope: string, destination: string): Record<string, string> {
  const table = new RegExp(`data-testid="${scope}"[\\s\\S]*?</table>`).exec(html)?.[0] ?? '';
  const row = new RegExp(`<tr data-destination="${destination}">[\\s\\S]*?</tr>`).exec(table)?.[0] ?? '';
  return Object.fromEntries(
    [...row.matchAll(/<td data-cell="(\w+)">([^<]*)/g)].map(([, k, v]) => [k, (v ?? '').trim()]),
  );
}
const byTestId = (html: string, id: string) =>
  new RegExp(`data-testid="${id}">([^<]*)<`).exec(html)?.[1]?.replace(/&#39;/g, "'");
const card = (html: string, d: string) =>
  new RegExp(`<div class="card" data-destination="${d}">[\\s\\S]*?</div>`).exec(html)?.[0] ?? '';

/** Every figure of the overview, read from the page as rendered. */
async function overviewFigures(storage: DashboardStorage) {
  const dash = await makeDashboard({ storage, now: () => NOW });
  const browser = dash.client();
  await browser.login();
  const html = (await (await browser.get(`${BASE}?days=30`)).text()).replace(/&#39;/g, "'");
  const per = (d: 'adroll' | 'meta') => {
    const states = cells(html, 'states-table', d);
    const skipTd =
      new RegExp(`<tr data-destination="${d}">[\\s\\S]*?data-cell="skipped">[\\s\\S]*?</td>`).exec(
        new RegExp('data-testid="states-table"[\\s\\S]*?</table>').exec(html)?.[0] ?? '',
      )?.[0] ?? '';
    return {
      recovered: Object.values(cells(html, 'recovered-table', d)),
      states,
      skips: [...skipTd.matchAll(/data-skip="[^"]+">([^<]*)</g)].map((m) => m[1]),
      revenue: Object.values(cells(html, 'revenue-table', d)),
      score: byTestId(card(html, d), 'score'),
      trend: byTestId(card(html, d), 'trend'),
      hints: [...card(html, d).matchAll(/<li data-hint="\w+">([^<]*)</g)].map((m) => m[1]),
    };
  };
  return {
    recovered: {
      share: byTestId(html, 'recovered-share'),
      value: byTestId(html, 'recovered-value'),
      count: byTestId(html, 'recovered-count'),
      total: byTestId(html, 'total-value'),
    },
    adroll: per('adroll'),
    meta: per('meta'),
  };
}

const expected = () => {
  const f = KNOWN_FIGURES;
  const per = (d: 'adroll' | 'meta') => ({
    recovered: f.perPlatform[d],
    states: f.states[d],
    skips: f.skips[d],
    revenue: f.revenue[d],
    score: f.scores[d],
    trend: f.trends[d],
    hints: f.hints[d],
  });
  return { recovered: f.recovered, adroll: per('adroll'), meta: per('meta') };
};

describe('the overview of a known mix', { timeout: 60_000 }, () => {
  const engines: Array<[string, () => Storage | DashboardStorage]> = [
    ['SQLite aggregate', () => sqliteStorage(join(dir, 'mix.db'))],
    ['memory read model', () => memoryStorage()],
    [
      'scan of the latest rows',
      () => {
        const { overviewStats: _readModel, ...scanOnly } = memoryStorage();
        return scanOnly;
      },
    ],
  ];
  it.each(engines)('shows every figure worked out by hand: %s', async (_name, open) => {
    const storage = open() as Storage;
    try {
      await seedKnownMix(storage, NOW);
      expect(await overviewFigures(storage)).toEqual(expected());
    } finally {
      await storage.close();
    }
  });
});
