/**
 * Normalizing and hashing personal data on receipt, by Meta's rules (which AdRoll's
 * `email_sha256` shares): Unicode NFC, trimmed, lowercased, then SHA-256 as lowercase hex. A value
 * that already is 64 hex characters is taken as hashed and passes unchanged (lowercased).
 * Web Crypto only, so the core stays runtime-neutral; destinations reuse these functions.
 */

const HASHED = /^[0-9a-f]{64}$/i;
const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const basic = (value: string) => value.normalize('NFC').trim().toLowerCase();

export const normalizeEmail = basic;

/** First and last names: NFC, trimmed, lowercased (accents kept, as Meta's vectors show). */
export const normalizeName = basic;

/**
 * Digits only, with the country calling code. A number written internationally (`+48 …` or
 * `0048 …`) keeps its own code; otherwise `defaultCallingCode` (e.g. `1`, `48`) is put in front
 * after dropping a national trunk `0`. Without a default the digits are used as they are.
 */
export function normalizePhone(value: string, defaultCallingCode?: string): string {
  const trimmed = value.normalize('NFC').trim();
  let digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  if (!defaultCallingCode) return digits;
  if (digits.startsWith(defaultCallingCode) && defaultCallingCode === '1' && digits.length === 11)
    return digits;
  digits = digits.replace(/^0+/, '');
  return defaultCallingCode + digits;
}

/** City: lowercase without spaces or punctuation (`New York` -> `newyork`). */
export function normalizeCity(value: string): string {
  return basic(value).replace(/[\s\p{P}\p{S}]/gu, '');
}

/** US zip codes keep their first 5 digits; others are lowercased without spaces. */
export function normalizeZip(value: string): string {
  const v = basic(value).replace(/\s/g, '');
  return /^\d{5}(-?\d{4})?$/.test(v) ? v.slice(0, 5) : v;
}

const COUNTRY_NAMES: Record<string, string> = {
  'united states': 'us',
  'united states of america': 'us',
  usa: 'us',
  'united kingdom': 'gb',
  'great britain': 'gb',
  uk: 'gb',
  germany: 'de',
  deutschland: 'de',
  france: 'fr',
  poland: 'pl',
  polska: 'pl',
  spain: 'es',
  italy: 'it',
  netherlands: 'nl',
  canada: 'ca',
};

/** ISO 3166-1 alpha-2, lowercased; a few common names are mapped, anything else is kept lowercased. */
export function normalizeCountry(value: string): string {
  const v = basic(value).replace(/\s+/g, ' ');
  return COUNTRY_NAMES[v] ?? v;
}

/** Hashes `value` after `normalize`, unless it already is a SHA-256 hex digest. Empty gives undefined. */
export async function hashIdentifier(
  value: string | undefined,
  normalize: (v: string) => string = basic,
): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (HASHED.test(trimmed)) return trimmed.toLowerCase();
  const normalized = normalize(trimmed);
  return normalized ? sha256Hex(normalized) : undefined;
}
