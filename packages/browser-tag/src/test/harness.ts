/**
 * Loads a fresh copy of the tag into the happy-dom page, with a config, a URL, calls queued by the
 * snippet, and the page's transports recorded. Every body the tag sends is checked against the
 * collector's `BeaconBatch` schema, so a test fails on anything the collector would refuse.
 */
import { vi } from 'vitest';
import { BeaconBatch, TagConfig } from '@tandem/protocol';

export const SHOP = 'https://www.shop.example/';

export const baseConfig: TagConfig = {
  endpoint: '/app-data/e',
  consent: 'optout',
  days: 90,
  pixelTimeout: 3000,
  extras: '/app-data/tag-extras.js',
};

/** The extras' mappings as the collector serves them when each destination keeps its default. */
export const defaultMap: NonNullable<TagConfig['map']> = {
  purchase: { adroll: 'purchase', meta: 'Purchase', tiktok: 'CompletePayment' },
  refund: {},
  lead: {},
  sign_up: {},
  subscribe: {},
  start_trial: {},
  contact: {},
};

export const fullConfig: TagConfig = {
  ...baseConfig,
  map: defaultMap,
  adroll: { adv: 'ADV123', pix: 'PIX456', src: 'https://s.adroll.com/j/ADV123/roundtrip.js' },
  meta: { pixel: '1234567890', src: 'https://connect.facebook.net/en_US/fbevents.js' },
};

export interface Sent {
  via: 'beacon' | 'fetch';
  url: string;
  body: BeaconBatch;
  /** Length of the JSON body in characters. */
  size: number;
}

export interface LoadOptions {
  config?: Partial<TagConfig>;
  url?: string;
  /** Calls made through the snippet's stub before the tag loaded. */
  queue?: unknown[][];
  gpc?: boolean;
  /** What `navigator.sendBeacon` answers (false: the browser refused the beacon). */
  beacon?: boolean;
  /** The collector's answer to `fetch`: a status, or `down` for a network error. */
  collector?: number | 'down';
  /** Keep cookies and localStorage from the previous load (a second page of the same visit). */
  keep?: boolean;
  /** `blocked`: the extras script fails to load, as if an extension blocked it. */
  extras?: 'blocked';
}

/** Cookies set by `document.cookie` writes, as written (to check attributes). */
export const cookieWrites: string[] = [];
const cookieProto = (() => {
  let p: object | null = document;
  while (p && !Object.getOwnPropertyDescriptor(p, 'cookie')) p = Object.getPrototypeOf(p);
  return Object.getOwnPropertyDescriptor(p!, 'cookie')!;
})();
Object.defineProperty(document, 'cookie', {
  configurable: true,
  get: () => cookieProto.get!.call(document),
  set: (v: string) => {
    cookieWrites.push(v);
    cookieProto.set!.call(document, v);
  },
});

/** Moves the page to `url` (cookies written next belong to its host). */
export function goTo(url: string): void {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
}

export function clearCookies(): void {
  const labels = location.hostname.split('.');
  for (const pair of document.cookie.split('; ')) {
    const name = pair.split('=')[0];
    if (!name) continue;
    cookieProto.set!.call(document, `${name}=; max-age=-1; path=/`);
    for (let i = 0; i < labels.length; i++)
      cookieProto.set!.call(document, `${name}=; max-age=-1; path=/; domain=${labels.slice(i).join('.')}`);
  }
}

/** The value of a cookie as the page sees it (decoded), or undefined. */
export function cookie(name: string): string | undefined {
  const pair = document.cookie.split('; ').find((p) => p.startsWith(name + '='));
  return pair === undefined ? undefined : decodeURIComponent(pair.slice(name.length + 1));
}

export async function loadTag(options: LoadOptions = {}) {
  // the previous page is left: its tag flushes to its own recorders before this page starts
  window.dispatchEvent(new Event('pagehide'));
  vi.resetModules();
  const w = window as unknown as Record<string, unknown> & Window;
  goTo(options.url ?? SHOP);
  if (!options.keep) {
    clearCookies();
    localStorage.clear();
  }
  cookieWrites.length = 0;
  for (const k of [
    'tandem',
    'adroll',
    'fbq',
    '_fbq',
    'adroll_adv_id',
    'adroll_pix_id',
    'adroll_version',
    'ttq',
    'TiktokAnalyticsObject',
  ])
    delete w[k];
  Object.defineProperty(navigator, 'globalPrivacyControl', {
    configurable: true,
    value: options.gpc ?? false,
  });

  const config = { ...baseConfig, ...options.config };
  /** Pixel scripts the tag added; the extras script is loaded from the sources instead. */
  const scripts: HTMLScriptElement[] = [];
  const extrasRequests: string[] = [];
  const loading: Promise<unknown>[] = [];
  vi.spyOn(document.head, 'appendChild').mockImplementation(<T extends Node>(node: T): T => {
    const script = node as unknown as HTMLScriptElement;
    if (script.src.endsWith(config.extras)) {
      extrasRequests.push(script.src);
      loading.push(
        options.extras == 'blocked'
          ? Promise.resolve().then(() => script.onerror?.(new Event('error')))
          : import('../extras.js').then(() => script.onload?.(new Event('load'))),
      );
    } else scripts.push(script);
    return node;
  });

  const sent: Sent[] = [];
  const record = (via: Sent['via'], url: string, body: unknown) =>
    sent.push({ via, url, body: BeaconBatch.parse(JSON.parse(String(body))), size: String(body).length });
  Object.defineProperty(navigator, 'sendBeacon', {
    configurable: true,
    value: vi.fn((url: string, body: string) => {
      if (options.beacon === false) return false;
      record('beacon', url, body);
      return true;
    }),
  });
  const fetchMock = vi.fn(async (url: string, init: RequestInit) => {
    if (options.collector === 'down') throw new TypeError('Failed to fetch');
    record('fetch', url, init.body);
    return new Response(null, { status: options.collector ?? 204 });
  });
  vi.stubGlobal('fetch', fetchMock);

  (globalThis as unknown as { __TANDEM_CONFIG__: TagConfig }).__TANDEM_CONFIG__ = TagConfig.parse(config);
  const q = (options.queue ?? []).slice();
  window.tandem = Object.assign((...args: unknown[]) => void q.push(args), {
    q,
  }) as unknown as Window['tandem'];
  await import('../tag.js');

  const tandem = (...args: unknown[]) => (w.tandem as (...a: unknown[]) => void)(...args);
  return {
    tandem,
    sent,
    scripts,
    /** URLs of the extras the tag asked for (at most one per page). */
    extrasRequests,
    fetchMock,
    /** Events of every batch sent so far, in order. */
    events: () => sent.flatMap((s) => s.body.events),
    /** The pixel scripts load (they are never really fetched in unit tests). */
    loadPixels() {
      for (const s of scripts) s.onload?.(new Event('load'));
    },
    /** Lets the extras load, the batch timer run out and pending promises settle. */
    async settle(ms = 1000) {
      await Promise.all(loading);
      await vi.advanceTimersByTimeAsync(0);
      await Promise.all(loading);
      await vi.advanceTimersByTimeAsync(ms);
    },
    pagehide() {
      window.dispatchEvent(new Event('pagehide'));
    },
  };
}
