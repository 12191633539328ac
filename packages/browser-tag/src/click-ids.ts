/**
 * Click IDs and campaign parameters: captured from the landing URL into first-party cookies, read
 * back for every beacon. A new click ID replaces the old one; a page without one keeps it.
 */
import {
  ADCT_COOKIE,
  ADROLL_FPC_COOKIE,
  FBC_COOKIE,
  FBP_COOKIE,
  GBRAID_COOKIE,
  GCLID_COOKIE,
  MSCLKID_COOKIE,
  TTCLID_COOKIE,
  UTM_COOKIE,
  WBRAID_COOKIE,
} from '@tandem/protocol/cookies';
import type { ClickIds, CookieLifetimeKey } from '@tandem/protocol';
import { config } from './config.js';
import { getCookie, setCookie } from './cookie.js';
import { fit } from './fit.js';

/** URL parameter (also the beacon's key and the lifetime key) and the cookie it is kept in. */
const PLAIN = [
  ['adct', ADCT_COOKIE],
  ['gclid', GCLID_COOKIE],
  ['gbraid', GBRAID_COOKIE],
  ['wbraid', WBRAID_COOKIE],
  ['ttclid', TTCLID_COOKIE],
  ['msclkid', MSCLKID_COOKIE],
] as const;
const UTM = ['source', 'medium', 'campaign', 'term', 'content'].map((k) => 'utm_' + k);

export function captureClickIds(query: URLSearchParams): void {
  const now = Date.now();
  const utm: Record<string, string> = {};
  const fbclid = fit(query.get('fbclid'), 170);
  for (const [k, name] of PLAIN)
    if (fit(query.get(k))) setCookie(name, query.get(k)!, k as CookieLifetimeKey);
  // Meta's format; the same fbclid again keeps its first timestamp, as Meta asks
  if (fbclid && !getCookie(FBC_COOKIE)?.endsWith('.' + fbclid))
    setCookie(FBC_COOKIE, `fb.1.${now}.${fbclid}`, 'fbc');
  for (const k of UTM) if (fit(query.get(k))) utm[k] = query.get(k)!;
  // a new campaign replaces all of the last one's parameters
  if (Object.keys(utm)[0]) setCookie(UTM_COOKIE, JSON.stringify(utm), 'utm');
  if (config.meta && !getCookie(FBP_COOKIE))
    setCookie(FBP_COOKIE, `fb.1.${now}.${(Math.random() * 2 ** 31) | 0}`, 'fbp');
}

/** The identifiers held in cookies now (the pixels may have set theirs since the page loaded). */
export function readClickIds(): ClickIds {
  const ids: Record<string, unknown> = {};
  let utm: Record<string, unknown> = {};
  try {
    utm = JSON.parse(getCookie(UTM_COOKIE)!);
  } catch {
    // no campaign cookie, or one that is not ours
  }
  for (const [k, name] of [
    ...PLAIN,
    ['fbc', FBC_COOKIE],
    ['fbp', FBP_COOKIE],
    ['adroll_fpc', ADROLL_FPC_COOKIE],
  ])
    ids[k] = fit(getCookie(name));
  for (const k of UTM) ids[k] = fit(utm?.[k]);
  return ids;
}
