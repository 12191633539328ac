/**
 * Meta's normalization and hashing of `user_data` (platforms.md): Unicode NFC, trim, lowercase;
 * phone digits with country code; city without spaces or punctuation; US zip first 5 digits;
 * country ISO alpha-2. A value that is already a SHA-256 hex digest passes unchanged, so values
 * hashed on receipt (or in the browser) are never hashed twice.
 */
import { sha256Hex } from '../delivery/sha256.js';

export type MetaUserField = 'em' | 'ph' | 'fn' | 'ln' | 'ct' | 'st' | 'zp' | 'country' | 'external_id';

const HEX64 = /^[0-9a-f]{64}$/;

/** Country names seen in checkout forms; anything else must already be an alpha-2 code. */
const COUNTRY_NAMES: Record<string, string> = {
  'united states': 'us',
  'united states of america': 'us',
  usa: 'us',
  'united kingdom': 'gb',
  uk: 'gb',
  germany: 'de',
  deutschland: 'de',
  france: 'fr',
  spain: 'es',
  españa: 'es',
  italy: 'it',
  poland: 'pl',
  polska: 'pl',
  netherlands: 'nl',
  canada: 'ca',
};

const base = (value: string): string => value.normalize('NFC').trim().toLowerCase();

/** Normalizes one field; `undefined` when nothing usable is left. */
export function normalizeMetaField(
  field: MetaUserField,
  raw: string,
  opts: { callingCode?: string; country?: string } = {},
): string | undefined {
  const value = base(raw);
  if (HEX64.test(value)) return value;
  let out: string;
  switch (field) {
    case 'ph': {
      const international = /^(\+|00)/.test(value);
      const digits = value.replace(/\D/g, '').replace(/^00/, '');
      const code = opts.callingCode;
      out = international || !code || digits.startsWith(code) ? digits : code + digits.replace(/^0+/, '');
      break;
    }
    case 'fn':
    case 'ln':
      out = value.replace(/[\s\p{P}]/gu, '');
      break;
    case 'ct':
      out = value.replace(/[\s\p{P}\p{S}]/gu, '');
      break;
    case 'st':
      out = value.replace(/[\s\p{P}]/gu, '');
      break;
    case 'zp': {
      const zip = value.replace(/\s/g, '');
      out = opts.country === 'us' ? (zip.match(/^\d{5}/)?.[0] ?? zip) : zip;
      break;
    }
    case 'country':
      out = COUNTRY_NAMES[value] ?? value.replace(/[^a-z]/g, '');
      if (out.length !== 2) return undefined;
      break;
    default:
      out = value;
  }
  return out === '' ? undefined : out;
}

/** Normalizes and hashes one field (a value already hashed passes unchanged). */
export async function hashMetaField(
  field: MetaUserField,
  raw: string,
  opts: { callingCode?: string; country?: string } = {},
): Promise<string | undefined> {
  const normalized = normalizeMetaField(field, raw, opts);
  if (normalized === undefined) return undefined;
  return HEX64.test(normalized) ? normalized : sha256Hex(normalized);
}
