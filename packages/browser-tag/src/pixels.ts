/**
 * Pixel scripts and whether they loaded. A script that errors (an ad blocker answers
 * `ERR_BLOCKED_BY_CLIENT`) or has not loaded within `pixelTimeout` is blocked for the rest of the
 * page: its stub's queue is emptied, so a late load cannot deliver events the beacons reported as
 * not delivered by the pixel.
 */
import type { Pixels, PixelState } from '@tandem/protocol';
import { config } from './config.js';

type Name = keyof Pixels;

/** State of each pixel in this page; `off` when not configured or not consented. */
export const pixels: Required<Pixels> = { adroll: 'off', meta: 'off' };

export function loadPixel(name: Name, src: string, dropQueue: () => void): void {
  const script = document.createElement('script');
  const settle = (state: PixelState) => {
    if (pixels[name] == 'pending') {
      pixels[name] = state;
      if (state == 'blocked') dropQueue();
    }
  };
  pixels[name] = 'pending';
  script.src = src;
  script.onload = script.onerror = (e) => settle((e as Event).type == 'load' ? 'loaded' : 'blocked');
  setTimeout(settle, config.pixelTimeout, 'blocked');
  document.head.appendChild(script);
}

/** A pixel that takes calls: loaded, or still loading (its stub queues them). */
export const live = (name: Name): boolean => /^[lp]/.test(pixels[name]);
