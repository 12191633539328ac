/**
 * `GET <mount>/tag.js`: the tag with the shop's public config inlined, and `GET
 * <mount>/tag-extras.js`: the part of it only some pages load (click-ID capture on a landing,
 * purchase event IDs, identify's hashing, the pixels' names for shop events), with its copy of
 * the config. Bodies, ETags and compressed forms are computed once per config: the tag's cannot
 * change while the collector runs; the extras' changes with a destination's event mapping.
 */
import { Hono, type Context } from 'hono';
import { extrasTemplate, tagTemplate } from '@tandem/browser-tag/served';
import { TAG_CONFIG_PLACEHOLDER, type TagConfig } from '@tandem/protocol';
import type { CollectorConfig } from '../config.js';
import { sha256Hex } from '../privacy/hash.js';
import { pixelMap, type PixelMap } from './pixel-map.js';

export type Encoding = 'br' | 'gzip';
/** Compresses with a runtime's native codec; the Node adapter passes one that also does Brotli. */
export type Compress = (body: Uint8Array, encoding: Encoding) => Promise<Uint8Array | undefined>;

export function tagConfig(config: CollectorConfig): TagConfig {
  return {
    endpoint: `${config.mountPath}/e`,
    consent: config.consentMode,
    ...(config.adroll && {
      adroll: {
        adv: config.adroll.advertiserId,
        pix: config.adroll.pixelId,
        src: config.adroll.scriptUrl.replace('{adv}', config.adroll.advertiserId),
      },
    }),
    ...(config.meta && { meta: { pixel: config.meta.pixelId, src: config.meta.scriptUrl } }),
    ...(config.tiktok && { tiktok: { pixel: config.tiktok.pixelCode, src: config.tiktok.scriptUrl } }),
    days: config.cookieDays,
    ...(Object.keys(config.cookieLifetimes).length > 0 && { life: config.cookieLifetimes }),
    pixelTimeout: config.pixelTimeout,
    extras: `${config.mountPath}/tag-extras.js`,
  };
}

/**
 * The extras' copy: what they read (AdRoll's pixel is the tag's alone), with the mappings that
 * name shop events for the pixels (`TagConfig.map`).
 */
export function extrasConfig(config: CollectorConfig, map: PixelMap): TagConfig {
  const { adroll: _tagOnly, ...shared } = tagConfig(config);
  return { ...shared, map };
}

/** Gzip through the Web Streams API (every modern runtime has it; Brotli it lacks). */
export const webCompress: Compress = async (body, encoding) => {
  if (encoding !== 'gzip') return undefined;
  const stream = new Blob([new Uint8Array(body)]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
};

interface Prepared {
  etag: string;
  variants: Partial<Record<Encoding | 'identity', Uint8Array>>;
}

function pickEncoding(header: string | undefined, available: Prepared['variants']): Encoding | 'identity' {
  const accepted = (header ?? '')
    .toLowerCase()
    .split(',')
    .map((part) => part.trim().split(';'))
    .filter(([, q]) => !q || !/^q=0(\.0*)?$/.test(q.trim()))
    .map(([name]) => name);
  if (accepted.includes('br') && available.br) return 'br';
  if (accepted.includes('gzip') && available.gzip) return 'gzip';
  return 'identity';
}

/**
 * Prepares a script once per config: its ETag and compressed forms. The latest is kept, found by
 * the config object itself, else by its JSON (a config read again but unchanged).
 */
function prepared(template: string, compress: Compress) {
  let latest: { config: object; json: string; result: Promise<Prepared> } | undefined;
  const prepare = async (json: string): Promise<Prepared> => {
    const body = new TextEncoder().encode(template.replace(TAG_CONFIG_PLACEHOLDER, json));
    const [hash, br, gzip] = await Promise.all([
      sha256Hex(new TextDecoder().decode(body)),
      compress(body, 'br').catch(() => undefined),
      compress(body, 'gzip').catch(() => undefined),
    ]);
    return {
      etag: `"${hash.slice(0, 32)}"`,
      variants: { identity: body, ...(br && { br }), ...(gzip && { gzip }) },
    };
  };
  return (config: object): Promise<Prepared> => {
    if (latest?.config === config) return latest.result;
    const json = JSON.stringify(config);
    latest = { config, json, result: latest?.json === json ? latest.result : prepare(json) };
    return latest.result;
  };
}

/** A script with its current config inlined, served with an ETag, cache headers and compression. */
function script(template: string, config: () => Promise<object>, compress: Compress) {
  const prepare = prepared(template, compress);
  return async (c: Context) => {
    const { etag, variants } = await prepare(await config());
    c.header('Cache-Control', 'public, max-age=300, stale-while-revalidate=86400');
    c.header('ETag', etag);
    c.header('Vary', 'Accept-Encoding');
    const inm = c.req.header('if-none-match');
    if (inm && inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)) return c.body(null, 304);
    const encoding = pickEncoding(c.req.header('accept-encoding'), variants);
    c.header('Content-Type', 'text/javascript; charset=utf-8');
    if (encoding !== 'identity') c.header('Content-Encoding', encoding);
    const bytes = variants[encoding]!;
    return c.body(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  };
}

/**
 * `map` is where the extras' pixel mappings come from (`pixel-map.ts`; the collector reads them
 * from its settings); without it, every destination's default mapping.
 */
export function tagRoute(
  config: CollectorConfig,
  compress: Compress = webCompress,
  map: () => Promise<PixelMap> = async () => pixelMap(config, []),
) {
  const tag = tagConfig(config);
  // one extras config per map read (the map is reused for a while), not one per request
  let extras: { map: PixelMap; config: TagConfig } | undefined;
  const currentExtras = async () => {
    const current = await map();
    if (extras?.map !== current) extras = { map: current, config: extrasConfig(config, current) };
    return extras.config;
  };
  return new Hono()
    .get(
      '/tag.js',
      script(tagTemplate, async () => tag, compress),
    )
    .get('/tag-extras.js', script(extrasTemplate, currentExtras, compress));
}
