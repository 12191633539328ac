/**
 * How each destination reaches the sandbox's fake platform (`@tandem/sandbox`): its token and the
 * options that point it there (base URL, account IDs). The demo, the benches and tests add their
 * own choices (mapping, dedup, limits) on top. Not for production use.
 */
import type { Sandbox } from '@tandem/sandbox';

export type SandboxPlatforms = Pick<Sandbox, 'adroll' | 'meta' | 'neuroon' | 'tiktok' | 'googleAds' | 'ga4'>;

export interface SandboxConnection {
  token: string;
  options: Record<string, unknown>;
}

export function sandboxConnections(sandbox: SandboxPlatforms) {
  const { adroll, meta, neuroon, tiktok, googleAds, ga4 } = sandbox;
  const g = googleAds.credentials;
  return {
    adroll: {
      token: adroll.credentials.token,
      options: {
        baseUrl: adroll.url,
        advertisableEid: adroll.credentials.advertisable,
        pixelEid: adroll.credentials.pixel,
      },
    },
    meta: {
      token: meta.credentials.accessToken,
      options: { baseUrl: meta.url, pixelId: meta.credentials.pixelId },
    },
    neuroon: {
      token: neuroon.credentials.apiKey,
      options: {
        baseUrl: neuroon.url,
        shopId: neuroon.credentials.shopId,
        origin: neuroon.credentials.origin,
        refundPath: neuroon.credentials.refundPath,
      },
    },
    tiktok: {
      token: tiktok.credentials.accessToken,
      options: { baseUrl: tiktok.url, pixelCode: tiktok.credentials.pixelCode },
    },
    'google-ads': {
      token: `${g.developerToken}:${g.clientSecret}:${g.refreshToken}`,
      options: {
        baseUrl: googleAds.url,
        tokenUrl: googleAds.tokenUrl,
        customerId: g.customerId,
        conversionActionId: g.conversionActionId,
        clientId: g.clientId,
      },
    },
    ga4: {
      token: ga4.credentials.apiSecret,
      options: { baseUrl: ga4.url, measurementId: ga4.credentials.measurementId },
    },
  } satisfies Record<string, SandboxConnection>;
}
