/** Option fields every destination shares, so the settings tables read the same everywhere. */
import { z } from 'zod';

/** An http(s) base URL without a trailing slash (tests and the sandbox point it at loopback). */
export const baseUrl = (fallback: string) =>
  z
    .string()
    .url()
    .regex(/^https?:\/\//, 'an http(s) URL')
    .transform((url) => url.replace(/\/+$/, ''))
    .default(fallback);

export const limitFields = (perMinute: number, concurrency: number) => ({
  /** Requests per minute this collector sends to the platform. */
  perMinute: z.number().int().positive().max(1_000_000).default(perMinute),
  /** Requests in flight at once. */
  concurrency: z.number().int().positive().max(16).default(concurrency),
});

/**
 * The page URL a platform that requires one gets when neither the order nor a beacon of its
 * visitor had one (see `delivery/late-context.ts`); unset: the shop's origin + `/`.
 */
export const fallbackPageUrl = () =>
  z
    .string()
    .url()
    .regex(/^https?:\/\//, 'an http(s) URL such as https://shop.example/')
    .optional();
