/**
 * The extras' `map` (`TagConfig.map`): every shop event with the platform event each configured
 * pixel gets it as, from its destination's mapping (the dashboard's or the config file's, else the
 * destination's default), so that a pixel and the server name a conversion alike. Unmapped, a
 * shop event reaches no pixel, as it reaches no server.
 */
import { SHOP_EVENTS, type PixelEvents, type TagConfig } from '@tandem/protocol';
import type { CollectorConfig } from '../config.js';
import { DESTINATIONS } from '../destinations/registry.js';
import type { DestinationSettings, SettingsStore } from '../storage/types.js';

export type PixelMap = NonNullable<TagConfig['map']>;

/** How long the tag route reuses the mappings it read before it reads them again. */
export const PIXEL_MAP_TTL_MS = 10_000;

/** The pixels the config loads; each one's destination has the same name. */
function pixelsOf(config: CollectorConfig): Array<keyof PixelEvents> {
  return (['adroll', 'meta', 'tiktok'] as const).filter((pixel) => config[pixel] !== undefined);
}

export function pixelMap(config: CollectorConfig, settings: readonly DestinationSettings[]): PixelMap {
  const mappings = pixelsOf(config).map((pixel) => {
    const stored = settings.find((s) => s.destination === pixel)?.mapping;
    const fallback = DESTINATIONS.find((d) => d.name === pixel)?.defaultMapping ?? {};
    return [pixel, stored ?? fallback] as const;
  });
  return Object.fromEntries(
    SHOP_EVENTS.map((event) => [
      event,
      Object.fromEntries(
        mappings.flatMap(([pixel, mapping]) => (mapping[event] ? [[pixel, mapping[event]]] : [])),
      ),
    ]),
  );
}

/**
 * The current map, read from the settings at most once per `PIXEL_MAP_TTL_MS`. When the
 * settings cannot be read, the last map read (else the defaults) is served: the tag never fails
 * for it, and a beacon says which names its pixels got.
 */
export function currentPixelMap(
  config: CollectorConfig,
  storage: Pick<SettingsStore, 'listSettings'>,
  now: () => number,
): () => Promise<PixelMap> {
  let last: { map: PixelMap; at: number } | undefined;
  let reading: Promise<PixelMap> | undefined;
  const read = async (): Promise<PixelMap> => {
    try {
      last = { map: pixelMap(config, await storage.listSettings()), at: now() };
    } catch {
      last = { map: last?.map ?? pixelMap(config, []), at: now() };
    }
    return last.map;
  };
  return async () => {
    if (last && now() - last.at < PIXEL_MAP_TTL_MS) return last.map;
    reading ??= read().finally(() => {
      reading = undefined;
    });
    return reading;
  };
}
