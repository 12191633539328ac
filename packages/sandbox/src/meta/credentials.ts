export interface MetaCredentials {
  /** The Conversions API access token (`access_token` in the body or the query). */
  accessToken: string;
  /** The pixel (dataset) ID in `/<version>/<pixel>/events` and `fbq('init', ...)`. */
  pixelId: string;
}

/** Meta merges the same `event_name` + `event_id` within 48 hours, from the pixel or the server. */
export const META_DEDUP_WINDOW_MS = 48 * 3_600_000;
