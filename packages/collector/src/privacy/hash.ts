/**
 * Normalizing and hashing personal data on receipt, by Meta's rules (which AdRoll's
 * `email_sha256` shares): Unicode NFC, trimmed, lowercased, then SHA-256 as lowercase hex. A value
 * that already is 64 hex characters is taken as hashed and passes unchanged (lowercased).
 * Web Crypto only, so the core stays runtime-neutral; destinations reuse these functions.
 */

const HASHED = /^[0-9a-f]{64}$/i;
const encoder = new TextEncoder();

/** Already a SHA-256 hex digest (the shop hashed it): passed on, lowercased, never hashed again. */
export const isHashed = (value: string): boolean => HASHED.test(value.trim());

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const basic = (value: string) => value.normalize('NFC').trim().toLowerCase();

export const normalizeEmail = basic;

const GOOGLE_MAIL = new Set(['gmail.com', 'googlemail.com']);

/**
 * Google's rule for enhanced conversions: `normalizeEmail`, and in gmail.com and googlemail.com
 * addresses no dots before the `@` (`John.Smith@gmail.com` -> `johnsmith@gmail.com`).
 */
export function normalizeGoogleEmail(value: string): string {
  const email = basic(value);
  const at = email.lastIndexOf('@');
  if (at < 0 || !GOOGLE_MAIL.has(email.slice(at + 1))) return email;
  return email.slice(0, at).replace(/\./g, '') + email.slice(at);
}

/** Google's phone rule: E.164, `+` and the digits `normalizePhone` keeps (`+16505551212`). */
export function normalizeE164(value: string, defaultCallingCode?: string): string {
  const digits = normalizePhone(value, defaultCallingCode);
  return digits ? `+${digits}` : '';
}

/**
 * First and last names: letters only, lowercased, in NFC (`O'Brien-Smith` -> `obriensmith`):
 * Meta wants no punctuation, and its vectors keep accents (`Valéry` -> `valéry`).
 */
export const normalizeName = (value: string): string => basic(value).replace(/[^\p{L}\p{M}]/gu, '');

/**
 * Digits only, with the country calling code and no leading zeros (Meta's rule). A number written
 * internationally (`+48 …` or `0048 …`) keeps its own code; otherwise the national trunk `0` is
 * dropped and `defaultCallingCode` (e.g. `1`, `48`) put in front. Without a default the number
 * is sent without its leading zeros, and may lack its country code.
 */
export function normalizePhone(value: string, defaultCallingCode?: string): string {
  const trimmed = value.normalize('NFC').trim();
  const digits = trimmed.replace(/\D/g, '');
  if (trimmed.startsWith('+')) return digits.replace(/^0+/, '');
  if (digits.startsWith('00')) return digits.slice(2).replace(/^0+/, '');
  const national = digits.replace(/^0+/, '');
  if (!defaultCallingCode || !national) return national;
  if (defaultCallingCode === '1' && national.length === 11 && national.startsWith('1')) return national;
  return defaultCallingCode + national;
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

/** Local and common names Intl's English region names do not cover. */
const COUNTRY_ALIASES: Record<string, string> = {
  'united states of america': 'us',
  usa: 'us',
  uk: 'gb',
  'great britain': 'gb',
  deutschland: 'de',
  polska: 'pl',
  españa: 'es',
  italia: 'it',
  nederland: 'nl',
};

/** Not countries, though Intl names them: continents, unions, "Unknown Region". */
const NOT_COUNTRIES = new Set(['eu', 'ez', 'un', 'qo', 'zz']);
let countries: Map<string, string> | undefined;

/**
 * Every ISO 3166-1 alpha-2 code Intl knows, and its English name, -> the current code (built
 * once). Retired and reserved codes (`UK`, `BU`) map to the code that replaced them (`gb`, `mm`).
 */
function countryTable(): Map<string, string> {
  if (countries) return countries;
  const table = new Map<string, string>();
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = names.of(code);
      const current = Intl.getCanonicalLocales(`und-${code}`)[0]?.slice(4).toLowerCase();
      if (name === undefined || current === undefined || NOT_COUNTRIES.has(current)) continue;
      table.set(code.toLowerCase(), current);
      if (current === code.toLowerCase()) table.set(basic(name), current);
    }
  countries = table;
  return table;
}

/**
 * ISO 3166-1 alpha-2, lowercased. A code is taken as it is; an English name (`United States`)
 * or a common local one (`Deutschland`) becomes its code; anything else gives undefined.
 */
export function normalizeCountry(value: string): string | undefined {
  const v = basic(value).replace(/\s+/g, ' ');
  return COUNTRY_ALIASES[v] ?? countryTable().get(v);
}

/** Hashes `value` after `normalize`, unless it already is a SHA-256 hex digest. Empty gives undefined. */
export async function hashIdentifier(
  value: string | undefined,
  normalize: (v: string) => string | undefined = basic,
): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (isHashed(trimmed)) return trimmed.toLowerCase();
  const normalized = normalize(trimmed);
  return normalized ? sha256Hex(normalized) : undefined;
}
