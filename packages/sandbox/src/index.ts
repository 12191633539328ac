export {
  startSandbox,
  DEFAULT_CREDENTIALS,
  type Sandbox,
  type SandboxOptions,
  type PlatformSandbox,
} from './sandbox.js';
export { hostResolverRules, pixelScriptUrls, PIXEL_HOSTS } from './host-rules.js';
export type { AdRollCredentials } from './adroll/server.js';
export type { MetaCredentials } from './meta/credentials.js';
export type { NeuroonCredentials } from './neuroon/server.js';
export type { TiktokCredentials } from './tiktok/server.js';
export type { GoogleAdsCredentials } from './google-ads/server.js';
export type { Ga4Credentials } from './ga4/server.js';
export type { CatalogItem } from './neuroon/widget-routes.js';
export type { FailSpec, SlowSpec } from './switches.js';
export type { Counted, LedgerTally, LedgerView, Platform, Receipt, ReceiptPath } from './types.js';
export { PLATFORMS } from './types.js';
export { selfSignedCertificate } from './tls.js';
