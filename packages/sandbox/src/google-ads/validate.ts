/**
 * The checks Google applies to each `ClickConversion` of an upload (docs/platforms.md): one click
 * ID (or, for enhanced conversions, user identifiers), the account's conversion action, the
 * `yyyy-mm-dd hh:mm:ss+hh:mm` time, a currency code, SHA-256 identifiers one per entry. Each
 * failure names the row, as a partial failure does.
 */
import type { AdsError } from './errors.js';

/** Fields of `ClickConversion` in its REST (camelCase) form; anything else is refused whole. */
export const CLICK_CONVERSION_FIELDS = new Set([
  'gclid',
  'gbraid',
  'wbraid',
  'conversionAction',
  'conversionDateTime',
  'conversionValue',
  'currencyCode',
  'orderId',
  'externalAttributionData',
  'cartData',
  'userIdentifiers',
  'conversionEnvironment',
  'consent',
  'customVariables',
  'userIpAddress',
  'sessionAttributesEncoded',
  'sessionAttributesKeyValuePairs',
]);
const USER_IDENTIFIER_FIELDS = new Set([
  'hashedEmail',
  'hashedPhoneNumber',
  'mobileId',
  'thirdPartyUserId',
  'addressInfo',
  'userIdentifierSource',
]);

const DATE_TIME =
  /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d[+-]\d{2}:\d{2}$/;
const SHA256 = /^[0-9a-f]{64}$/;
/** The sandbox's stand-in for "decodable": Google's click IDs are URL-safe base64 text. */
const CLICK_ID = /^[\w-]{8,512}$/;

/** Unknown field names anywhere in the conversion (the REST interface refuses the whole request). */
export function unknownField(conversion: Record<string, unknown>): string | undefined {
  const own = Object.keys(conversion).find((k) => !CLICK_CONVERSION_FIELDS.has(k));
  if (own) return own;
  const ids = Array.isArray(conversion.userIdentifiers) ? conversion.userIdentifiers : [];
  for (const id of ids) {
    const bad = Object.keys((id ?? {}) as object).find((k) => !USER_IDENTIFIER_FIELDS.has(k));
    if (bad) return `userIdentifiers.${bad}`;
  }
  return undefined;
}

/** The row's errors (none: valid). `action` is the account's conversion action resource name. */
export function rowErrors(c: Record<string, unknown>, index: number, action: string): AdsError[] {
  const out: AdsError[] = [];
  const err = (family: string, code: string, message: string, field?: string) =>
    out.push({ family, code, message, index, ...(field ? { field } : {}) });
  const clicks = (['gclid', 'gbraid', 'wbraid'] as const).filter((k) => c[k] !== undefined);
  const ids = Array.isArray(c.userIdentifiers) ? (c.userIdentifiers as Array<Record<string, unknown>>) : [];
  if (c.gbraid !== undefined && c.wbraid !== undefined)
    err('conversionUploadError', 'GBRAID_WBRAID_BOTH_SET', 'gbraid and wbraid cannot both be set.');
  else if (clicks.length > 1)
    err('fieldError', 'VALUE_MUST_BE_UNSET', 'Only one of gclid, gbraid and wbraid may be set.', clicks[1]);
  if (clicks.length === 0 && ids.length === 0)
    err('fieldError', 'REQUIRED', 'A click ID or user identifiers are required.', 'gclid');
  for (const k of clicks) {
    if (typeof c[k] !== 'string' || !CLICK_ID.test(c[k] as string))
      err('conversionUploadError', `UNPARSEABLE_${k.toUpperCase()}`, `The ${k} could not be decoded.`, k);
  }
  if (c.conversionAction !== action)
    err(
      'conversionUploadError',
      'INVALID_CONVERSION_ACTION',
      'The conversion action is not found or not enabled.',
      'conversionAction',
    );
  if (typeof c.conversionDateTime !== 'string' || !DATE_TIME.test(c.conversionDateTime))
    err(
      'dateError',
      'INVALID_FIELD_VALUES_IN_DATE_TIME',
      'Use yyyy-mm-dd hh:mm:ss+|-hh:mm.',
      'conversionDateTime',
    );
  if (c.conversionValue !== undefined && (typeof c.conversionValue !== 'number' || c.conversionValue < 0))
    err('fieldError', 'INVALID_VALUE', 'conversionValue must be a number >= 0.', 'conversionValue');
  if (
    c.currencyCode !== undefined &&
    (typeof c.currencyCode !== 'string' || !/^[A-Z]{3}$/.test(c.currencyCode))
  )
    err('currencyCodeError', 'UNSUPPORTED', 'The currency code is not supported.', 'currencyCode');
  if (c.orderId !== undefined && (typeof c.orderId !== 'string' || c.orderId.length === 0))
    err('fieldError', 'INVALID_VALUE', 'orderId must be a non-empty string.', 'orderId');
  for (const id of ids) {
    const keys = Object.keys(id ?? {}).filter((k) => k !== 'userIdentifierSource');
    const value = keys.length === 1 ? id[keys[0] as string] : undefined;
    const hashed = keys[0] === 'hashedEmail' || keys[0] === 'hashedPhoneNumber';
    if (keys.length !== 1 || (hashed && (typeof value !== 'string' || !SHA256.test(value))))
      err(
        'conversionUploadError',
        'INVALID_USER_IDENTIFIER',
        'One identifier per entry, SHA-256 as lowercase hex.',
        'userIdentifiers',
      );
  }
  return out;
}
