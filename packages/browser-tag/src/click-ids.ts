/**
 * Click IDs and campaign parameters: captured from the landing URL into first-party cookies (an
 * extra: the tag loads it only on a URL that carries one, or for a visitor without `_fbp`). A new
 * click ID replaces the old one; a page without one keeps it. The tag does not read them back:
 * beacons go to the shop's own domain, so the collector reads these cookies from the request and
 * re-issues them from the server.
 */
import { FBC_COOKIE, FBP_COOKIE, UTM_COOKIE } from '@tandem/protocol/cookies';
import { config } from './config.js';
import { getCookie, setCookie } from './cookies.js';
import { readCookie } from './read-cookie.js';
import { fitText } from './text.js';

/** URL parameters kept as they are, each in `_tdm_<parameter>` (`ADCT_COOKIE`, ...). */
const PLAIN_IDS = ['adct', 'gclid', 'gbraid', 'wbraid', 'ttclid', 'msclkid'] as const;
const UTM_PARAMETERS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'];
/** Longest fbclid kept: `_fbc` is `fb.1.<ms>.<fbclid>` and the collector takes 200 characters. */
const MAX_FBCLID_LENGTH = 170;
/** `_fbp`'s random part: a positive 31-bit integer, as Meta's pixel writes it. */
const FBP_RANDOM_RANGE = 2 ** 31;

export function captureClickIds(query: URLSearchParams): void {
  for (const name of PLAIN_IDS) {
    const value = fitText(query.get(name));
    if (value) setCookie('_tdm_' + name, value, name);
  }

  // Meta's format; the same fbclid again keeps its first timestamp, as Meta asks
  const fbclid = fitText(query.get('fbclid'), MAX_FBCLID_LENGTH);
  if (fbclid && !getCookie(FBC_COOKIE)?.endsWith('.' + fbclid))
    setCookie(FBC_COOKIE, `fb.1.${Date.now()}.${fbclid}`, 'fbc');

  // a new campaign replaces all of the last one's parameters
  const utm: Record<string, string> = {};
  for (const name of UTM_PARAMETERS) {
    const value = fitText(query.get(name));
    if (value) utm[name] = value;
  }
  if (Object.keys(utm).length > 0) setCookie(UTM_COOKIE, JSON.stringify(utm), 'utm');

  // Meta's format; its pixel does the same when it loads, Tandem also when it is blocked. An
  // existing one stays as it is, decodable or not (the collector validates what it reads)
  if (config.meta && readCookie(FBP_COOKIE) === undefined) {
    const random = Math.floor(Math.random() * FBP_RANDOM_RANGE);
    setCookie(FBP_COOKIE, `fb.1.${Date.now()}.${random}`, 'fbp');
  }
}
