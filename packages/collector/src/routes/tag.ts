/**
 * `GET <mount>/tag.js`: the tag with the shop's public config inlined, and `GET
 * <mount>/tag-extras.js`: the part of it only some pages load (click-ID capture on a landing,
 * purchase event IDs, identify's hashing), with the same config. Bodies, ETags and compressed
 * forms are computed once per collector (the config cannot change while it runs), so serving
 * them costs no work per request.
 */
import { Hono, type Context } from 'hono';
import { extrasTemplate, tagTemplate } from '@tandem/browser-tag/served';
import { TAG_CONFIG_PLACEHOLDER, type TagConfig } from '@tandem/protocol';
import type { CollectorConfig } from '../config.js';
import { sha256Hex } from '../privacy/hash.js';

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

/** A script with the config inlined, served with an ETag, cache headers and compression. */
function script(template: string, config: CollectorConfig, compress: Compress) {
  const body = new TextEncoder().encode(
    template.replace(TAG_CONFIG_PLACEHOLDER, JSON.stringify(tagConfig(config))),
  );
  let prepared: Promise<Prepared> | undefined;
  const prepare = async (): Promise<Prepared> => {
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
  return async (c: Context) => {
    const { etag, variants } = await (prepared ??= prepare());
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

export function tagRoute(config: CollectorConfig, compress: Compress = webCompress) {
  return new Hono()
    .get('/tag.js', script(tagTemplate, config, compress))
    .get('/tag-extras.js', script(extrasTemplate, config, compress));
}
