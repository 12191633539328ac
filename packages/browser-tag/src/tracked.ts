/**
 * Events with a shop ID (a purchase's order ID, a lead's ID) are tracked once per browser (an
 * extra): a reloaded thank-you page must not make AdRoll, which has no dedup of its own, count
 * the order twice.
 */
import { loadList, saveList } from './store.js';

const STORAGE_KEY = '_tdm_p';
/** The event IDs remembered; the oldest is forgotten first. */
const MAX_REMEMBERED = 20;

/** True the first time this browser tracks event `id`. */
export function firstTime(id: string): boolean {
  const seen = loadList<string>(STORAGE_KEY, (entry) => typeof entry === 'string');
  if (seen.includes(id)) return false;
  saveList(STORAGE_KEY, [...seen, id].slice(-MAX_REMEMBERED));
  return true;
}

/** Forgets every tracked ID (a "no" to ads). */
export function forgetTracked(): void {
  saveList(STORAGE_KEY, []);
}
