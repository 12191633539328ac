export interface GoogleAdsCredentials {
  /** OAuth client (`client_id` / `client_secret`) the refresh token was issued to. */
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  /** The `developer-token` header. */
  developerToken: string;
  /** The account in `/customers/<id>:uploadClickConversions` (10 digits). */
  customerId: string;
  /** The conversion action conversions are imported to. */
  conversionActionId: string;
}

/** Google's access tokens live an hour (`expires_in` 3599). */
export const ACCESS_TOKEN_SECONDS = 3599;
/** At most 2,000 conversions a request (`TOO_MANY_CONVERSIONS_IN_REQUEST` past it). */
export const GOOGLE_ADS_BATCH_LIMIT = 2_000;
