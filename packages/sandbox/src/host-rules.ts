import type { Sandbox } from './sandbox.js';

/** The real hosts the pixels load from, mapped to the sandbox by Chromium. */
export const PIXEL_HOSTS = {
  adroll: 's.adroll.com',
  meta: 'connect.facebook.net',
  tiktok: 'analytics.tiktok.com',
} as const;

/**
 * Chromium's `--host-resolver-rules` value that sends `s.adroll.com` to the AdRoll sandbox (http)
 * and `connect.facebook.net` and `analytics.tiktok.com` to the Meta and TikTok sandboxes' TLS ports
 * (https: Meta's host is HSTS-preloaded and the tag loads TikTok's over https; launch with
 * `ignoreHTTPSErrors`). `extra` adds hosts such as `{ 'shop.test': 4321 }`.
 */
export function hostResolverRules(sandbox: Sandbox, extra: Record<string, number> = {}): string {
  const rules: [string, number | undefined][] = [
    [PIXEL_HOSTS.adroll, sandbox.adroll.port],
    [PIXEL_HOSTS.meta, sandbox.meta.tlsPort],
    [PIXEL_HOSTS.tiktok, sandbox.tiktok.tlsPort],
    ...Object.entries(extra),
  ];
  return rules
    .filter((r): r is [string, number] => r[1] !== undefined)
    .map(([host, port]) => `MAP ${host} 127.0.0.1:${port}`)
    .join(', ');
}

/** The pixel script URLs as a page writes them (the real ones). */
export const pixelScriptUrls = (sandbox: Sandbox) => ({
  adroll: `http://${PIXEL_HOSTS.adroll}/j/${sandbox.adroll.credentials.advertisable}/roundtrip.js`,
  meta: `https://${PIXEL_HOSTS.meta}/en_US/fbevents.js`,
  tiktok: `https://${PIXEL_HOSTS.tiktok}/i18n/pixel/events.js`,
});
