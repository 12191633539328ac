/**
 * Small lists kept in `localStorage` (the retry queue, the purchases already tracked). Only used
 * with ads consent. Storage that is full, disabled or holds something else reads as empty.
 */
/** The purchases this browser already tracked (`purchase.ts`); the core forgets them on a "no". */
export const PURCHASES = '_tdm_p';

export function load<T>(key: string, keep: (entry: T) => unknown): T[] {
  try {
    return JSON.parse(localStorage[key]).filter(keep);
  } catch {
    return [];
  }
}

export function save(key: string, list: unknown[]): void {
  try {
    if (list[0]) localStorage[key] = JSON.stringify(list);
    else localStorage.removeItem(key);
  } catch {
    // storage full or disabled: only what it would have remembered is lost
  }
}
