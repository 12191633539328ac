/** What an ad network appends to the landing URL on a click: AdRoll's `adct`, Meta's `fbclid`. */
const randomHex = (bytes: number): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('');

export function adClickUrl(shopUrl: string, ids: { adct?: string; fbclid?: string } = {}): string {
  const url = new URL('/', shopUrl);
  url.searchParams.set('adct', ids.adct ?? randomHex(12));
  url.searchParams.set('fbclid', ids.fbclid ?? `IwAR${randomHex(16)}`);
  url.searchParams.set('utm_source', 'demo-ad');
  return url.toString();
}
