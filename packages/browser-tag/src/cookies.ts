/**
 * First-party cookies, written with js-cookie (an extra: the tag only reads, `read-cookie.ts`).
 * Every cookie is `path=/`, `SameSite=Lax`, `Secure` on https, on the shop's registrable domain so
 * `www.shop.com` and `shop.com` share it, and lives for its configured lifetime in days. Values
 * are fully percent-encoded (`encodeURIComponent`), as the collector re-issues them and as the
 * Neuroon widget writes its own: any reader that URL-decodes gets the value back.
 */
import Cookies from 'js-cookie';
import type { CookieLifetimeKey } from '@tandem/protocol';
import { lifeOf } from './config.js';

/** Set on each parent domain in turn to find the registrable one, and removed at once. */
const PROBE_COOKIE = '_tdm_t';
const PROBE_LIFETIME_DAYS = 1 / 8640; // ten seconds

/** Host-only cookies with Tandem's attributes and encoding. */
let hostOnly: Cookies.CookiesStatic | undefined;
/** The same on the registrable domain (host-only where no parent domain takes a cookie). */
let shop: Cookies.CookiesStatic | undefined;

/**
 * Without a public-suffix list, the registrable domain is the shortest parent domain that accepts
 * a cookie: browsers refuse one set on a public suffix (`co.uk`, `test`).
 */
function findRegistrableDomain(jar: Cookies.CookiesStatic): string | undefined {
  const labels = location.hostname.split('.');
  for (let first = labels.length - 1; first >= 0; first--) {
    const domain = labels.slice(first).join('.');
    jar.set(PROBE_COOKIE, '1', { domain, expires: PROBE_LIFETIME_DAYS });
    if (jar.get(PROBE_COOKIE) !== undefined) {
      jar.remove(PROBE_COOKIE, { domain });
      return domain;
    }
  }
  return undefined;
}

function jars(): { hostOnly: Cookies.CookiesStatic; shop: Cookies.CookiesStatic } {
  if (!hostOnly || !shop) {
    hostOnly = Cookies.withConverter({ write: (value) => encodeURIComponent(value) }).withAttributes({
      path: '/',
      sameSite: 'Lax',
      secure: location.protocol === 'https:',
    });
    const domain = findRegistrableDomain(hostOnly);
    shop = domain ? hostOnly.withAttributes({ domain }) : hostOnly;
  }
  return { hostOnly, shop };
}

/** A cookie's value, decoded; undefined when missing or not decodable. */
export const getCookie = (name: string): string | undefined => jars().shop.get(name);

/**
 * Sets a cookie for the lifetime configured for `key`. A host-only copy of the same name (the
 * collector re-issues cookies from the server without a domain) is removed first, so the page
 * never reads a stale value ahead of the one it just wrote.
 */
export function setCookie(name: string, value: string, key: CookieLifetimeKey): void {
  const { hostOnly, shop } = jars();
  if (shop !== hostOnly) hostOnly.remove(name);
  shop.set(name, value, { expires: lifeOf(key) });
}

/** Removes a cookie: its copy on the registrable domain and a host-only one. */
export function removeCookie(name: string): void {
  const { hostOnly, shop } = jars();
  if (shop !== hostOnly) hostOnly.remove(name);
  shop.remove(name);
}

/** Names of the cookies this page can read, decodable or not. */
export const cookieNames = (): string[] =>
  document.cookie ? document.cookie.split('; ').map((pair) => pair.split('=')[0]!) : [];
