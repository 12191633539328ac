/** Words and numbers as the dashboard prints them: platform titles, money, shares. */
import { DESTINATIONS } from '../../destinations/registry.js';
import type { Money } from '../charts/recovery.js';

/** The platform's title ("Meta Conversions API") for a destination ID, or the ID when unknown. */
export function titleOf(destination: string): string {
  return DESTINATIONS.find((d) => d.name === destination)?.title ?? destination;
}

const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const cents = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Minor units per currency as "EUR 4,210.50 + USD 12" ("EUR 0" when empty). */
export function money(amounts: Money, fallback = 'EUR'): string {
  const entries = Object.entries(amounts).filter(([, v]) => v !== 0);
  if (entries.length === 0) return `${fallback} 0`;
  return entries
    .sort(([a], [b]) => a.localeCompare(b))
    .map(
      ([currency, minor]) =>
        `${currency || '(no currency)'} ${(minor % 100 === 0 ? whole : cents).format(minor / 100)}`,
    )
    .join(' + ');
}

/** The currency most of the window's value is in: the shop's currency. */
export function mainCurrency(amounts: Money): string {
  const [top] = Object.entries(amounts).sort(([, a], [, b]) => Math.abs(b) - Math.abs(a));
  return top && top[0] ? top[0] : 'EUR';
}

/** `count` of `total` as a whole percent ("—" when there is nothing to divide). */
export function pct(count: number, total: number): string {
  return total === 0 ? '—' : `${Math.round((count / total) * 100)}%`;
}
