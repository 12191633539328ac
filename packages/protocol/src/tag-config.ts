/**
 * The tag's public configuration: what the collector inlines into `tag.js` when it serves it.
 * Nothing secret belongs here; every value is visible to every visitor.
 */
import { z } from 'zod';
import { PixelEvents } from './beacon.js';

const days = z.number().int().positive().max(400);

/** Cookies whose lifetime can be set one by one (keys of `COOKIES` in `cookies.ts`). */
export const CookieLifetimeKey = z.enum([
  'vid',
  'adct',
  'fbc',
  'fbp',
  'gclid',
  'gbraid',
  'wbraid',
  'ttclid',
  'msclkid',
  'utm',
  'search',
  'consent',
]);
export type CookieLifetimeKey = z.infer<typeof CookieLifetimeKey>;

export const TagConfig = z
  .object({
    /** Absolute or root-relative URL of the collector's beacon route. */
    endpoint: z.string().min(1),
    /** `optin`: nothing before consent (EU). `optout`: on until denied. */
    consent: z.enum(['optin', 'optout']),
    adroll: z
      .object({
        adv: z.string().min(1),
        pix: z.string().min(1),
        /** URL of the advertiser's `roundtrip.js` (the collector fills in the advertiser ID). */
        src: z.string().min(1),
      })
      .optional(),
    /** Meta pixel ID and the URL of `fbevents.js`. */
    meta: z.object({ pixel: z.string().min(1), src: z.string().min(1) }).optional(),
    /** TikTok pixel code and the URL of its `events.js` (the tag adds `?sdkid=<pixel>&lib=ttq`). */
    tiktok: z.object({ pixel: z.string().min(1), src: z.string().min(1) }).optional(),
    /** Days each Tandem cookie lives unless `life` names it. */
    days,
    /** Per-cookie lifetimes in days, e.g. `{ ttclid: 28, search: 30 }`; others use `days`. */
    life: z.partialRecord(CookieLifetimeKey, days).optional(),
    /** Milliseconds a pixel may take to load before it counts as blocked. */
    pixelTimeout: z.number().int().positive(),
    /**
     * URL of the tag's extras: the code only some pages need (click-ID capture on a landing, the
     * purchase event ID and its once-per-browser check, identify's hashing), loaded on demand so
     * that every other page view does not pay for it.
     */
    extras: z.string().min(1),
    /**
     * In the extras' copy only: every shop event (`shop-events.ts`) with the platform event each
     * pixel gets it as, its destination's mapping, e.g. `{ lead: { adroll: 'formFill', meta:
     * 'Lead' }, refund: {} }`. A shop event reaches a pixel under its mapped name, or not at all.
     */
    map: z.record(z.string(), PixelEvents).optional(),
  })
  .strict();
export type TagConfig = z.infer<typeof TagConfig>;

/** The identifier in the built tag that the collector replaces with the JSON config. */
export const TAG_CONFIG_PLACEHOLDER = '__TANDEM_CONFIG__';
