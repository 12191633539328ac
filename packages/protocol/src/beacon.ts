/**
 * The beacon: what the tag posts to the collector (`POST <mount>/e`, text/plain JSON, no preflight).
 *
 * One batch carries the visitor's identifiers once and a few events. The collector validates it
 * with these schemas; the tag imports only the inferred types, so zod never enters its bundle.
 */
import { z } from 'zod';

const short = z.string().min(1).max(200);
const url = z.string().max(2048);

/** Click IDs and campaign parameters captured from landing URLs (cookie names in `cookies.ts`). */
export const ClickIds = z
  .object({
    adct: short,
    fbc: short,
    fbp: short,
    gclid: short,
    gbraid: short,
    wbraid: short,
    ttclid: short,
    /** TikTok's first-party cookie `_ttp`, set by its pixel; opaque, forwarded verbatim. */
    ttp: short,
    msclkid: short,
    adroll_fpc: short,
    /** GA4's client ID from the `_ga` cookie (its last two dot-separated parts), read by the collector. */
    ga: z.string().regex(/^\d{1,20}\.\d{1,20}$/),
    utm_source: short,
    utm_medium: short,
    utm_campaign: short,
    utm_term: short,
    utm_content: short,
  })
  .partial()
  .strict();
export type ClickIds = z.infer<typeof ClickIds>;

/** Neuroon search clicks: productId -> searchLogId, most recent first. */
export const SearchClicks = z.record(z.string().min(1).max(100), z.string().min(1).max(100));
export type SearchClicks = z.infer<typeof SearchClicks>;

/** What the visitor agreed to. `ads` gates cookies, pixels and identifiers sent to ad platforms. */
export const Consent = z.object({ ads: z.boolean(), gpc: z.boolean().optional() }).strict();
export type Consent = z.infer<typeof Consent>;

/** Per pixel, in this page: `loaded`, `blocked` (script error or timeout), `pending`, or `off`. */
export const PixelState = z.enum(['loaded', 'blocked', 'pending', 'off']);
export type PixelState = z.infer<typeof PixelState>;
export const Pixels = z
  .object({ adroll: PixelState, meta: PixelState, tiktok: PixelState })
  .partial()
  .strict();
export type Pixels = z.infer<typeof Pixels>;

/**
 * Per pixel, the platform event the tag gave it a shop event as (its destination's mapping, from
 * `TagConfig.map`); a pixel missing here was not given the event. Absent on other events, which
 * the pixels get under the tag's own names.
 */
export const PixelEvents = z
  .object({ adroll: z.string().max(64), meta: z.string().max(64), tiktok: z.string().max(64) })
  .partial()
  .strict();
export type PixelEvents = z.infer<typeof PixelEvents>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase SHA-256 hex digest');

/** Hashed user data from `tandem('identify', ...)`; hashed in the browser before it leaves. */
export const HashedUser = z.object({ em: sha256Hex, ph: sha256Hex }).partial().strict();
export type HashedUser = z.infer<typeof HashedUser>;

/**
 * Event properties come from the shop's own page code, so a bad value is dropped or coerced here
 * rather than failing the batch: one odd property must not lose its event. The tag sends them as
 * the page passed them (cut only for size), which keeps this cleaning out of every page view.
 */
const orDrop = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);
/** An ID the page may give as a number (`order_id: 1001`). */
const idText = z.preprocess((v) => (typeof v == 'number' ? String(v) : v), short);
/** A finite amount >= 0; numeric strings such as "12.50" count. */
const amount = z.preprocess(
  (v) => (typeof v == 'string' && v.trim() ? Number(v) : v),
  z.number().finite().nonnegative(),
);
const withoutUndefined = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter((e) => e[1] !== undefined)) as T;

/** A product; keys other than these four are dropped, and so is a product without a valid `id`. */
export const Product = z
  .object({
    id: idText,
    price: orDrop(amount),
    quantity: orDrop(z.number().int().positive().max(100000)),
    category: orDrop(short),
  })
  .transform(withoutUndefined);
export type Product = z.infer<typeof Product>;

/** Products that do not parse are dropped one by one; at most 200 are kept. */
const Products = z.array(z.unknown()).transform((list) =>
  list.slice(0, 200).flatMap((p) => {
    const r = Product.safeParse(p);
    return r.success ? [r.data] : [];
  }),
);

/** Keys of properties: at most 30, each 1 to 64 characters; `event_id` is the event's, not a property. */
const propKeys = (v: unknown) =>
  v && typeof v == 'object' && !Array.isArray(v)
    ? Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k && k.length <= 64 && k != 'event_id')
          .slice(0, 30),
      )
    : v;

/**
 * Properties of an event; purchases carry `order_id`, `value`, `currency` and `products`. Other
 * properties are kept if they are strings (cut to 500 characters), finite numbers, booleans or null.
 */
export const EventProps = z.preprocess(
  propKeys,
  z
    .object({
      order_id: orDrop(idText),
      value: orDrop(amount),
      currency: orDrop(
        z.preprocess(
          (v) => (typeof v == 'string' ? v.toUpperCase() : v),
          z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR'),
        ),
      ),
      products: orDrop(Products),
    })
    .catchall(
      orDrop(
        z.union([z.string().transform((s) => s.slice(0, 500)), z.number().finite(), z.boolean(), z.null()]),
      ),
    )
    .transform(withoutUndefined),
);
export type EventProps = z.infer<typeof EventProps>;

export const BeaconEvent = z
  .object({
    /** Event ID shared with the pixels (order-derived for purchases, random otherwise). */
    id: z.string().min(8).max(64),
    name: z.string().min(1).max(64),
    /** Client time, epoch milliseconds. */
    ts: z.number().int().positive(),
    url,
    ref: url.optional(),
    /** Not an object (the page passed a string, say): the event is kept without properties. */
    props: orDrop(EventProps),
    pixels: Pixels.optional(),
    sentAs: PixelEvents.optional(),
  })
  .strict();
export type BeaconEvent = z.infer<typeof BeaconEvent>;

export const BeaconBatch = z
  .object({
    v: z.literal(1),
    /** An older tag's visitor ID (script cookie); the collector prefers its own HttpOnly one. */
    vid: z
      .string()
      .regex(/^[\w-]{8,64}$/, '8 to 64 URL-safe characters')
      .optional(),
    consent: Consent,
    /** Sent by older tags; the collector now reads click IDs from the request's cookies. */
    ids: ClickIds.optional(),
    /** Sent by older tags; the collector now builds the search map itself. */
    search: SearchClicks.optional(),
    user: HashedUser.optional(),
    events: z.array(BeaconEvent).min(1).max(50),
  })
  .strict();
export type BeaconBatch = z.infer<typeof BeaconBatch>;
