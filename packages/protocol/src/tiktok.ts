/**
 * TikTok's event names, shared by the tag (which calls `ttq.track` with them) and the collector's
 * TikTok destination (whose default mapping uses them): TikTok merges the pixel's event with the
 * server's only when the pixel code, the event name and the `event_id` are equal, so both paths
 * must name an event the same way. Sources in docs/platforms.md.
 */

/** TikTok's standard web events. */
export const TIKTOK_STANDARD_EVENTS = [
  'CompletePayment',
  'PlaceAnOrder',
  'AddToCart',
  'AddToWishlist',
  'AddPaymentInfo',
  'InitiateCheckout',
  'ViewContent',
  'ClickButton',
  'Search',
  'Contact',
  'SubmitForm',
  'CompleteRegistration',
  'Subscribe',
  'Download',
] as const;
export type TiktokEvent = (typeof TIKTOK_STANDARD_EVENTS)[number];
