/**
 * First-party cookies: `path=/`, `SameSite=Lax`, `Secure` on https, on the shop's registrable
 * domain so `www.shop.com` and `shop.com` share them. Values are URL-encoded, as js-cookie and the
 * Neuroon widget write them, and read back as stored. Written by hand rather than with js-cookie: js-cookie alone costs
 * about 700 bytes gzip, over a quarter of the tag's budget (see the README).
 */
import type { CookieLifetimeKey } from '@tandem/protocol';
import { lifeOf } from './config.js';

let domain: string | undefined;

/** A cookie's value as stored (URL-encoded); undefined when missing. */
export const getCookie = (name: string): string | undefined =>
  document.cookie.match(`(^|; )${name}=([^;]*)`)?.[2];

const write = (name: string, value: string, seconds: number, at = domain) => {
  document.cookie = `${name}=${encodeURIComponent(value)};path=/;max-age=${seconds};samesite=lax${
    location.protocol == 'https:' ? ';secure' : ''
  }${at ? ';domain=' + at : ''}`;
};

/**
 * Without a public-suffix list, the registrable domain is the shortest parent domain that accepts
 * a cookie: browsers refuse one set on a public suffix (`co.uk`, `test`). Host-only otherwise.
 */
function findDomain(): void {
  const labels = location.hostname.split('.');
  for (let i = labels.length, d; domain == null && i--;) {
    write('_tdm_t', '1', 9, (d = labels.slice(i).join('.')));
    if (getCookie('_tdm_t')) write('_tdm_t', '', -1, (domain = d));
  }
  domain ||= '';
}

/**
 * Sets a cookie for its configured lifetime; `key` undefined removes it. A host-only copy of the
 * same name (the collector re-issues click IDs from the server without a domain) is removed, so
 * the page never reads a stale value ahead of the one it just wrote.
 */
export function setCookie(name: string, value: string, key?: CookieLifetimeKey): void {
  if (domain == null) findDomain();
  if (domain) write(name, '', -1, '');
  write(name, value, key ? lifeOf(key) * 86400 : -1);
}
