/**
 * Click IDs and campaign parameters: captured from the landing URL into first-party cookies (an
 * extra: the tag loads it only on a URL that carries one, or for a visitor without `_fbp`). A new click ID replaces the old one; a
 * page without one keeps it. The tag does not read them back: beacons go to the shop's own
 * domain, so the collector reads these cookies from the request and re-issues them from the server.
 */
import { FBC_COOKIE, FBP_COOKIE, UTM_COOKIE } from '@tandem/protocol/cookies';
import { config } from './config.js';
import { getCookie, setCookie } from './cookie.js';
import { fit } from './text.js';

/** URL parameters kept as they are, each in `_tdm_<parameter>` (`ADCT_COOKIE`, ...). */
const PLAIN = ['adct', 'gclid', 'gbraid', 'wbraid', 'ttclid', 'msclkid'] as const;

export function captureClickIds(query: URLSearchParams): void {
  const utm: Record<string, string> = {};
  const fbclid = fit(query.get('fbclid'), 170);
  for (const k of PLAIN) if (fit(query.get(k))) setCookie('_tdm_' + k, query.get(k)!, k);
  // Meta's format; the same fbclid again keeps its first timestamp, as Meta asks
  if (fbclid && !getCookie(FBC_COOKIE)?.endsWith('.' + encodeURIComponent(fbclid)))
    setCookie(FBC_COOKIE, `fb.1.${Date.now()}.${fbclid}`, 'fbc');
  for (const k of ['source', 'medium', 'campaign', 'term', 'content'])
    if (fit(query.get('utm_' + k))) utm['utm_' + k] = query.get('utm_' + k)!;
  // a new campaign replaces all of the last one's parameters
  if (Object.keys(utm)[0]) setCookie(UTM_COOKIE, JSON.stringify(utm), 'utm');
  // Meta's format; its pixel does the same when it loads, Tandem also when it is blocked
  if (config.meta && !getCookie(FBP_COOKIE))
    setCookie(FBP_COOKIE, `fb.1.${Date.now()}.${(Math.random() * 2 ** 31) | 0}`, 'fbp');
}
