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
    msclkid: short,
    adroll_fpc: short,
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
export const Pixels = z.object({ adroll: PixelState, meta: PixelState }).partial().strict();
export type Pixels = z.infer<typeof Pixels>;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a lowercase SHA-256 hex digest');

/** Hashed user data from `tandem('identify', ...)`; hashed in the browser before it leaves. */
export const HashedUser = z.object({ em: sha256Hex, ph: sha256Hex }).partial().strict();
export type HashedUser = z.infer<typeof HashedUser>;

export const Product = z
  .object({
    id: short,
    price: z.number().finite().nonnegative().optional(),
    quantity: z.number().int().positive().max(100000).optional(),
    category: short.optional(),
  })
  .strict();
export type Product = z.infer<typeof Product>;

/** Properties of an event; purchases carry `order_id`, `value`, `currency` and `products`. */
export const EventProps = z
  .object({
    order_id: short.optional(),
    value: z.number().finite().nonnegative().optional(),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR')
      .optional(),
    products: z.array(Product).max(200).optional(),
  })
  .catchall(z.union([z.string().max(500), z.number().finite(), z.boolean(), z.null()]));
export type EventProps = z.infer<typeof EventProps>;

export const BeaconEvent = z
  .object({
    /** Event ID shared with the pixels (order-derived for purchases, nanoid otherwise). */
    id: z.string().min(8).max(64),
    name: z.string().min(1).max(64),
    /** Client time, epoch milliseconds. */
    ts: z.number().int().positive(),
    url,
    ref: url.optional(),
    props: EventProps.optional(),
    pixels: Pixels.optional(),
  })
  .strict();
export type BeaconEvent = z.infer<typeof BeaconEvent>;

export const BeaconBatch = z
  .object({
    v: z.literal(1),
    /** The tag's visitor ID (script cookie); the collector prefers its own HttpOnly copy. */
    vid: z
      .string()
      .regex(/^[\w-]{8,64}$/, '8 to 64 URL-safe characters')
      .optional(),
    consent: Consent,
    ids: ClickIds.optional(),
    search: SearchClicks.optional(),
    user: HashedUser.optional(),
    events: z.array(BeaconEvent).min(1).max(50),
  })
  .strict();
export type BeaconBatch = z.infer<typeof BeaconBatch>;
