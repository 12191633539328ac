/**
 * The customer data an order may carry, normalized by Meta's rules (docs/platforms.md) and hashed on
 * receipt, so it is never stored or logged in clear. The wire names are the shop's
 * (`first_name`); the stored ones are Meta's user_data keys (`fn`), which other platforms reuse.
 */
import type { OrderUser } from '../storage/types.js';
import {
  hashIdentifier,
  isHashed,
  normalizeCity,
  normalizeCountry,
  normalizeE164,
  normalizeEmail,
  normalizeGoogleEmail,
  normalizeName,
  normalizePhone,
  normalizeZip,
} from './hash.js';
import { US_STATES } from './us-states.js';

/**
 * State or region: lowercase without spaces or punctuation; a US state's name becomes its
 * two-letter code (`New York` -> `ny`), as Meta matches US states on the code.
 */
export function normalizeState(value: string): string {
  const v = value
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]/gu, '');
  return US_STATES[v] ?? v;
}

/**
 * Date of birth as Meta wants it, `YYYYMMDD`, from `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD` or
 * `YYYYMMDD`. Undefined when it is not a real calendar date from 1900 on.
 */
export function normalizeDateOfBirth(value: string): string | undefined {
  const m = /^(\d{4})[-/.]?(\d{2})[-/.]?(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 ? `${m[1]}${m[2]}${m[3]}` : undefined;
}

/** `f` or `m`, the only values Meta takes; any other value is not sent. */
export function normalizeGender(value: string): string | undefined {
  const v = value
    .trim()
    .toLowerCase()
    .replace(/[^a-z]/g, '');
  if (v === 'f' || v === 'female') return 'f';
  if (v === 'm' || v === 'male') return 'm';
  return undefined;
}

type Normalize = (value: string) => string | undefined;

/** Order field -> stored key and the rule that normalizes it before hashing. */
export const CUSTOMER_FIELDS = {
  first_name: ['fn', normalizeName],
  last_name: ['ln', normalizeName],
  city: ['ct', normalizeCity],
  state: ['st', normalizeState],
  zip: ['zp', normalizeZip],
  country: ['country', normalizeCountry],
  date_of_birth: ['db', normalizeDateOfBirth],
  gender: ['ge', normalizeGender],
} as const satisfies Record<string, readonly [keyof OrderUser, Normalize]>;

export type CustomerInput = Partial<Record<'email' | 'phone' | keyof typeof CUSTOMER_FIELDS, string>>;

/**
 * Whether a shop-sent value can be hashed: blank (left out), already a digest, or a value the
 * field's rule accepts. Only the fields whose rule can refuse (country, date of birth) need it.
 */
export function acceptable(value: string, normalize: Normalize): boolean {
  return value.trim() === '' || isHashed(value) || normalize(value) !== undefined;
}

/** Every customer value of an order, normalized and hashed; blank or unusable values are left out. */
export async function hashCustomer(input: CustomerInput, phoneCallingCode?: string): Promise<OrderUser> {
  const fields: Array<[keyof OrderUser, string | undefined, Normalize]> = [
    ['em', input.email, normalizeEmail],
    ['ph', input.phone, (v) => normalizePhone(v, phoneCallingCode)],
    ...Object.entries(CUSTOMER_FIELDS).map(
      ([name, [key, normalize]]): [keyof OrderUser, string | undefined, Normalize] => [
        key,
        input[name as keyof typeof CUSTOMER_FIELDS],
        normalize,
      ],
    ),
  ];
  const hashed = await Promise.all(fields.map(([, value, normalize]) => hashIdentifier(value, normalize)));
  const user: OrderUser = {};
  fields.forEach(([key], i) => {
    if (hashed[i]) user[key] = hashed[i];
  });
  // Google normalizes differently (dots in Gmail names, `+` in phones): its own digests.
  const [gem, gph] = await Promise.all([
    hashIdentifier(input.email, normalizeGoogleEmail),
    hashIdentifier(input.phone, (v) => normalizeE164(v, phoneCallingCode)),
  ]);
  if (gem && gem !== user.em) user.gem = gem;
  if (gph) user.gph = gph;
  return user;
}
