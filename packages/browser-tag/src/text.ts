/** Longest click ID or campaign parameter the collector keeps. */
export const MAX_TEXT_LENGTH = 200;

/**
 * `value` as a string the collector accepts (1 to `maxLength` characters; a number becomes its
 * string), or undefined.
 */
export function fitText(value: unknown, maxLength = MAX_TEXT_LENGTH): string | undefined {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text === 'string' && text.length > 0 && text.length <= maxLength) return text;
  return undefined;
}

/**
 * Meta's and TikTok's standard events for the tag's own event names: the name capitalized
 * (`pageView` -> `PageView`, `addToCart` -> `AddToCart`, ...); another name is a custom event.
 */
export const capitalized = (name: string): string => name[0]!.toUpperCase() + name.slice(1);

/** A random event ID: a nanoid (21 URL-safe characters, 126 bits from the browser's CSPRNG). */
export { nanoid as randomId } from 'nanoid';
