/**
 * Every destination Tandem can deliver to, listed explicitly. Adding one (TikTok, GA4) is a new
 * file and a line here; the engine, the planner and the settings code read only this list.
 */
import { adroll } from './adroll.js';
import { ga4 } from './ga4.js';
import { googleAds } from './google-ads.js';
import { meta } from './meta.js';
import { neuroon } from './neuroon.js';
import { tiktok } from './tiktok.js';
import type { AnyDestination } from './types.js';

export const DESTINATIONS: readonly AnyDestination[] = [adroll, meta, neuroon, tiktok, googleAds, ga4];

export const destinationNames = (list: readonly AnyDestination[] = DESTINATIONS): string[] =>
  list.map((d) => d.name);

export function findDestination(
  name: string,
  list: readonly AnyDestination[] = DESTINATIONS,
): AnyDestination | undefined {
  return list.find((d) => d.name === name);
}
