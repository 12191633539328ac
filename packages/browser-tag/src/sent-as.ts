/**
 * The names a shop event (a purchase, a lead, ...) reaches the pixels under: each pixel's
 * destination mapping, from the extras' config (`TagConfig.map`), the one the collector's server
 * sends use, so that both paths name it alike. A pixel whose destination does not map the event
 * does not get it. The beacon carries the result, so the collector knows what each pixel received.
 */
import type { PixelEvents } from '@tandem/protocol';
import { config } from './config.js';

const own = Object.prototype.hasOwnProperty;

/** Per pixel, the mapped name of shop event `name`; undefined for other events (own names). */
export const sentAs = (name: string): PixelEvents | undefined =>
  config.map && own.call(config.map, name) ? config.map[name] : undefined;
