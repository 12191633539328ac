/**
 * Small lists kept in `localStorage` (the retry queue, the events already tracked). Only used
 * with ads consent. Storage that is full, disabled or holds something else reads as empty.
 */

/** The entries of list `key` that `keep` accepts; empty when there is none or it is unreadable. */
export function loadList<T>(key: string, keep: (entry: T) => boolean): T[] {
  try {
    const list: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    return Array.isArray(list) ? (list as T[]).filter(keep) : [];
  } catch {
    return [];
  }
}

/** Keeps `list` under `key`; an empty list removes the key. */
export function saveList(key: string, list: unknown[]): void {
  try {
    if (list.length > 0) localStorage.setItem(key, JSON.stringify(list));
    else localStorage.removeItem(key);
  } catch {
    // storage full or disabled: only what it would have remembered is lost
  }
}
