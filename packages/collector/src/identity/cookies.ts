/**
 * Tandem's first-party cookies as the collector sees them: read from a request (the order's
 * customer, or a beacon), and re-issued from the server on beacon responses so they outlive
 * Safari's 7-day cap on script-set cookies.
 */
import { ClickIds, COOKIES, type SearchClicks } from '@tandem/protocol';
import { MAX_SEARCH_CLICKS } from '../storage/visitor-merge.js';
import { cookieSearchClicks, searchCookieText, type SearchPair } from './search-clicks.js';

export const VISITOR_ID = /^[\w-]{8,64}$/;

/** Click ID -> the cookie that carries it (the `utm_*` share one JSON cookie). */
export const CLICK_ID_COOKIES = {
  adct: COOKIES.adct,
  fbc: COOKIES.fbc,
  fbp: COOKIES.fbp,
  gclid: COOKIES.gclid,
  gbraid: COOKIES.gbraid,
  wbraid: COOKIES.wbraid,
  ttclid: COOKIES.ttclid,
  msclkid: COOKIES.msclkid,
  ttp: COOKIES.ttp,
  adroll_fpc: COOKIES.adrollFpc,
} as const satisfies Partial<Record<keyof ClickIds, string>>;

const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content'] as const;

export interface CookieIdentity {
  visitorId?: string;
  ids: ClickIds;
  search: SearchClicks;
  /** `true`/`false` from the consent cookie; undefined when there is none. */
  consent?: boolean;
}

function decode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function jsonMap(value: string | undefined): Record<string, unknown> {
  if (!value) return {};
  try {
    const parsed: unknown = JSON.parse(decode(value));
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}

/**
 * GA4's client ID: the last two dot-separated parts of `_ga` (`GA1.1.1234567890.1700000000` ->
 * `1234567890.1700000000`). Read only: the cookie is Google Analytics' own, so it is not re-issued.
 */
export function gaClientId(raw: string | undefined): string | undefined {
  const m = raw === undefined ? null : /^GA\d+\.\d+\.(\d{1,20}\.\d{1,20})$/.exec(decode(raw).trim());
  return m?.[1];
}

/** The click IDs of a cookie map (name -> raw value). Invalid values are ignored. */
export function readClickIds(cookies: Record<string, string | undefined>): ClickIds {
  const found: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(CLICK_ID_COOKIES)) {
    const raw = cookies[name];
    if (raw !== undefined) found[key] = decode(raw);
  }
  const ga = gaClientId(cookies[COOKIES.ga]);
  if (ga) found.ga = ga;
  const utm = jsonMap(cookies[COOKIES.utm]);
  for (const key of UTM_KEYS) if (utm[key] !== undefined) found[key] = utm[key];
  // Every beacon reads these: one parse when all are valid, one per ID only when some are not.
  const all = ClickIds.safeParse(found);
  if (all.success) return all.data;
  const ids: ClickIds = {};
  for (const [key, value] of Object.entries(found))
    if (ClickIds.safeParse({ [key]: value }).success) ids[key as keyof ClickIds] = value as string;
  return ids;
}

/** Reads what Tandem knows from a cookie map (name -> raw value). Invalid values are ignored. */
export function readIdentity(cookies: Record<string, string | undefined>): CookieIdentity {
  const vid = [cookies[COOKIES.vidServer], cookies[COOKIES.vid]]
    .map((v) => v && decode(v))
    .find((v) => v && VISITOR_ID.test(v));
  const ids = readClickIds(cookies);
  // An object cannot keep integer-like product IDs in recency order; the values are what count here.
  const search = Object.fromEntries(cookieSearchClicks(cookies, MAX_SEARCH_CLICKS));
  const c = cookies[COOKIES.consent];
  return {
    ...(vid && { visitorId: vid }),
    ids,
    search,
    ...(c === '1' || c === '0' ? { consent: c === '1' } : {}),
  };
}

export interface CookieToSet {
  name: string;
  value: string;
  maxAgeSeconds: number;
  httpOnly: boolean;
}

/** What a beacon learnt about the visitor: its click IDs, and its search clicks most recent first. */
export interface BeaconIdentity {
  ids?: ClickIds;
  search?: SearchPair[];
}

/**
 * The cookies a beacon response sets: the HttpOnly visitor ID and, readable with the same
 * lifetime, its digest as Meta's `external_id` (for the pixel), every click ID the beacon knew
 * (from the request's cookies or an older tag's body), and the search-click map as `_tdm_sl`, each
 * with its configured lifetime. Script-readable ones stay script-readable: the pixels (`_fbc`,
 * `_fbp`, `_ttp`, `__adroll_fpc`) and an older tag read them.
 */
export function identityCookies(
  identity: BeaconIdentity,
  visitorId: string,
  lifetimes: { visitorDays: number; cookieDays: number; perCookie?: Partial<Record<string, number>> },
  externalId?: string,
): CookieToSet[] {
  const daysOf = (key: string) => lifetimes.perCookie?.[key] ?? lifetimes.cookieDays;
  const day = 86_400;
  const visitorAge = lifetimes.visitorDays * day;
  const out: CookieToSet[] = [
    { name: COOKIES.vidServer, value: visitorId, maxAgeSeconds: visitorAge, httpOnly: true },
  ];
  if (externalId)
    out.push({ name: COOKIES.externalId, value: externalId, maxAgeSeconds: visitorAge, httpOnly: false });
  const ids = identity.ids ?? {};
  for (const [key, name] of Object.entries(CLICK_ID_COOKIES) as Array<[keyof ClickIds, string]>) {
    const value = ids[key];
    if (value) out.push({ name, value, maxAgeSeconds: daysOf(key) * day, httpOnly: false });
  }
  const utm = Object.fromEntries(UTM_KEYS.filter((k) => ids[k]).map((k) => [k, ids[k]]));
  if (Object.keys(utm).length > 0)
    out.push({
      name: COOKIES.utm,
      value: JSON.stringify(utm),
      maxAgeSeconds: daysOf('utm') * day,
      httpOnly: false,
    });
  if (identity.search && identity.search.length > 0)
    out.push({
      name: COOKIES.search,
      value: searchCookieText(identity.search),
      maxAgeSeconds: daysOf('search') * day,
      httpOnly: false,
    });
  return out;
}
