/**
 * Pixel scripts and whether they loaded. A script that errors (an ad blocker answers
 * `ERR_BLOCKED_BY_CLIENT`) or has not loaded within `pixelTimeout` is blocked for the rest of the
 * page: its stub's queue is emptied, so a late load cannot deliver events the beacons reported as
 * not delivered by the pixel.
 */
import type { Pixels, PixelState } from '@tandem/protocol';
import { config } from './config.js';

type PixelName = keyof Pixels;

/** State of each pixel in this page; `off` when not configured or not consented. */
export const pixels: Required<Pixels> = { adroll: 'off', meta: 'off', tiktok: 'off' };

export function loadPixel(name: PixelName, src: string, emptyQueue: () => void): void {
  const script = document.createElement('script');
  const settle = (state: PixelState) => {
    if (pixels[name] !== 'pending') return;
    pixels[name] = state;
    if (state === 'blocked') emptyQueue();
  };
  pixels[name] = 'pending';
  script.src = src;
  script.onload = () => settle('loaded');
  script.onerror = () => settle('blocked');
  setTimeout(() => settle('blocked'), config.pixelTimeout);
  document.head.appendChild(script);
}

/** A pixel that takes calls: loaded, or still loading (its stub queues them). */
export const live = (name: PixelName): boolean => pixels[name] === 'loaded' || pixels[name] === 'pending';

/** A pixel still loading: a timed flush waits for it, so each event says whether it delivered. */
export const anyPending = (): boolean => Object.values(pixels).includes('pending');
