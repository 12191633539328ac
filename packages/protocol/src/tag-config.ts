/**
 * The tag's public configuration: what the collector inlines into `tag.js` when it serves it.
 * Nothing secret belongs here; every value is visible to every visitor.
 */
import { z } from 'zod';

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
        /** Pixel script URL; `{adv}` is replaced by the advertiser ID. */
        src: z.string().min(1),
      })
      .optional(),
    meta: z.object({ pixel: z.string().min(1), src: z.string().min(1) }).optional(),
    neuroon: z.boolean().optional(),
    /** Days each click-ID cookie lives. */
    days: z.number().int().positive().max(400),
    /** Milliseconds a pixel may take to load before it counts as blocked. */
    pixelTimeout: z.number().int().positive(),
    debug: z.boolean().optional(),
  })
  .strict();
export type TagConfig = z.infer<typeof TagConfig>;

/** The identifier in the built tag that the collector replaces with the JSON config. */
export const TAG_CONFIG_PLACEHOLDER = '__TANDEM_CONFIG__';
