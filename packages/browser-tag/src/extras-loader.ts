/**
 * Loads the tag's extras (`extras.ts`) once, when a page first needs them: a landing URL with
 * click IDs (or Meta on and no `_fbp` yet), a consent answer, an event with a shop ID (a purchase),
 * `identify`, or TikTok's pixel (`tiktok.ts`). While they load, timed flushes wait (as for a loading pixel), so what they add
 * leaves in the same batch.
 */
import type { BeaconEvent, HashedUser, PixelEvents, Pixels } from '@tandem/protocol';
import { config } from './config.js';

/** The tag's pixel loader (`pixels.ts`), handed to the extras so a pixel they start reports to it. */
export type LoadPixel = (name: keyof Pixels, src: string, emptyQueue: () => void) => void;

export interface Extras {
  /**
   * Keeps the landing URL's click IDs and campaign parameters in cookies, creates `_fbp`, and
   * starts TikTok's pixel when the config has one.
   */
  start(loadPixel: LoadPixel): void;
  /** Remembers a consent answer; a "no" also removes what the tag stored. */
  rememberAnswer(granted: boolean): void;
  purchaseEventId(orderId: string): string;
  shopEventId(eventName: string, shopId: string): string;
  /** What each pixel gets shop event `name` as (`sent-as.ts`); undefined for other events. */
  sentAs(name: string): PixelEvents | undefined;
  /** True the first time this browser tracks event `id`. */
  firstTime(id: string): boolean;
  hashUser(raw: unknown): Promise<HashedUser>;
  tiktokTrack(event: BeaconEvent): void;
}

let loading: Promise<Extras> | undefined;
let pending = false;

/** True while the extras are requested and not yet loaded or failed. */
export const extrasPending = (): boolean => pending;

export function loadExtras(): Promise<Extras> {
  loading ??= new Promise((resolve, reject) => {
    const script = document.createElement('script');
    const settle = () => {
      pending = false;
      const extras = window.tandem?.x;
      if (extras) resolve(extras);
      // the reason is for the debug build's log only
      else reject(DEBUG ? new Error('the extras did not load') : undefined);
    };
    pending = true;
    script.src = config.extras;
    script.onload = settle;
    script.onerror = settle;
    document.head.appendChild(script);
  });
  return loading;
}
