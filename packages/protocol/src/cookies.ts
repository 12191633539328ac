/**
 * First-party cookie names, shared by the tag (which sets them from landing URLs) and the
 * collector (which re-issues them from the server and reads them from order requests).
 */
export const COOKIES = {
  /** Visitor ID. The tag sets a script copy; the collector sets the HttpOnly `vidServer`. */
  vid: '_tdm_id',
  vidServer: '_tdm_vid',
  adct: '_tdm_adct',
  gclid: '_tdm_gclid',
  gbraid: '_tdm_gbraid',
  wbraid: '_tdm_wbraid',
  ttclid: '_tdm_ttclid',
  msclkid: '_tdm_msclkid',
  /** JSON of the `utm_*` parameters of the last campaign landing. */
  utm: '_tdm_utm',
  /** Meta's own names, so Meta's pixel and Tandem share them. */
  fbc: '_fbc',
  fbp: '_fbp',
  /** AdRoll's own first-party cookie; opaque, forwarded verbatim. */
  adrollFpc: '__adroll_fpc',
  /** Neuroon search clicks: URL-encoded JSON map productId -> searchLogId, most recent first. */
  search: '_tdm_sl',
  /** The Neuroon widget's own session cookie (read, never written, by Tandem). */
  neuroonWidget: 'neuroon_clicks',
  /** Consent decision (`1` granted, `0` denied) in opt-in mode. */
  consent: '_tdm_c',
} as const;
