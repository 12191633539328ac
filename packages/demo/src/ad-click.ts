/**
 * What ad networks append to the landing URL on a click: AdRoll's `adct` and Meta's `fbclid`
 * (random unless given), and, only when given, Google's `gclid` and TikTok's `ttclid`.
 */
const randomHex = (bytes: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

export interface AdClickIds {
  adct?: string;
  fbclid?: string;
  gclid?: string;
  ttclid?: string;
}

export function adClickUrl(shopUrl: string, ids: AdClickIds = {}): string {
  const url = new URL('/', shopUrl);
  url.searchParams.set('adct', ids.adct ?? randomHex(12));
  url.searchParams.set('fbclid', ids.fbclid ?? `IwAR${randomHex(16)}`);
  if (ids.gclid) url.searchParams.set('gclid', ids.gclid);
  if (ids.ttclid) url.searchParams.set('ttclid', ids.ttclid);
  url.searchParams.set('utm_source', 'demo-ad');
  return url.toString();
}
