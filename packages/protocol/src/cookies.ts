/**
 * First-party cookie names, shared by the tag (which sets them from landing URLs) and the
 * collector (which re-issues them from the server and reads them from order requests).
 *
 * Each name is also exported on its own: the tag imports those, so its bundle keeps only the
 * names it uses and none of the keys of `COOKIES`.
 */

/** Visitor ID. The tag sets a script copy; the collector sets the HttpOnly `vidServer`. */
export const VID_COOKIE = '_tdm_id';
export const VID_SERVER_COOKIE = '_tdm_vid';
/** Set by the collector, script-readable: SHA-256 hex of the visitor ID as Meta gets it (`external_id`). */
export const EXTERNAL_ID_COOKIE = '_tdm_xid';
export const ADCT_COOKIE = '_tdm_adct';
export const GCLID_COOKIE = '_tdm_gclid';
export const GBRAID_COOKIE = '_tdm_gbraid';
export const WBRAID_COOKIE = '_tdm_wbraid';
export const TTCLID_COOKIE = '_tdm_ttclid';
export const MSCLKID_COOKIE = '_tdm_msclkid';
/** JSON of the `utm_*` parameters of the last campaign landing. */
export const UTM_COOKIE = '_tdm_utm';
/** Meta's own names, so Meta's pixel and Tandem share them. */
export const FBC_COOKIE = '_fbc';
export const FBP_COOKIE = '_fbp';
/** TikTok's own first-party cookie, set by its pixel; opaque, forwarded verbatim. */
export const TTP_COOKIE = '_ttp';
/** AdRoll's own first-party cookie; opaque, forwarded verbatim. */
export const ADROLL_FPC_COOKIE = '__adroll_fpc';
/** Google Analytics' own client cookie (`GA1.1.<random>.<seconds>`); read, never written, by Tandem. */
export const GA_COOKIE = '_ga';
/** Neuroon search clicks: URL-encoded JSON map productId -> searchLogId, most recent first. */
export const SEARCH_COOKIE = '_tdm_sl';
/** The Neuroon widget's own session cookie (read, never written, by Tandem). */
export const NEUROON_WIDGET_COOKIE = 'neuroon_clicks';
/** Consent decision (`1` granted, `0` denied): a "yes" in either mode, a "no" in opt-out mode. */
export const CONSENT_COOKIE = '_tdm_c';

export const COOKIES = {
  vid: VID_COOKIE,
  vidServer: VID_SERVER_COOKIE,
  externalId: EXTERNAL_ID_COOKIE,
  adct: ADCT_COOKIE,
  gclid: GCLID_COOKIE,
  gbraid: GBRAID_COOKIE,
  wbraid: WBRAID_COOKIE,
  ttclid: TTCLID_COOKIE,
  msclkid: MSCLKID_COOKIE,
  utm: UTM_COOKIE,
  fbc: FBC_COOKIE,
  fbp: FBP_COOKIE,
  ttp: TTP_COOKIE,
  adrollFpc: ADROLL_FPC_COOKIE,
  ga: GA_COOKIE,
  search: SEARCH_COOKIE,
  neuroonWidget: NEUROON_WIDGET_COOKIE,
  consent: CONSENT_COOKIE,
} as const;
