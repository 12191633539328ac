/**
 * Skip reasons grouped the way a marketer acts on them. The reasons are the delivery plan's
 * (`delivery/plan.ts`) and the destinations' own (`destinations/*.ts`).
 */
export const SKIP_GROUPS = ['no adct', 'no consent', 'sharing off', 'not mapped', 'other'] as const;
export type SkipGroup = (typeof SKIP_GROUPS)[number];

export function skipGroup(reason: string): SkipGroup {
  if (/\badct\b/.test(reason)) return 'no adct';
  if (/consent|Global Privacy Control/i.test(reason)) return 'no consent';
  if (/sharing is off/.test(reason)) return 'sharing off';
  if (/not mapped/.test(reason)) return 'not mapped';
  return 'other';
}

/** What each group means, as the overview says it. */
export const SKIP_LABELS: Record<SkipGroup, string> = {
  'no adct': 'no AdRoll click (adct)',
  'no consent': 'no ad consent',
  'sharing off': 'data sharing off',
  'not mapped': 'event not mapped',
  other: 'other reasons',
};
