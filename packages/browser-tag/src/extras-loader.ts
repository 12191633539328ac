/**
 * Loads the tag's extras (`extras.ts`) once, when a page first needs them: a landing URL with
 * click IDs (or Meta on and no `_fbp` yet), a consent answer, a purchase, or `identify`. While they load, timed flushes wait (as for a loading
 * pixel), so what they add leaves in the same batch.
 */
import type { HashedUser } from '@tandem/protocol';
import { config } from './config.js';

export interface Extras {
  /** Keeps the landing URL's click IDs and campaign parameters in cookies, and creates `_fbp`. */
  capture(): void;
  /** Remembers a consent answer; a "no" also removes what the tag stored. */
  rememberAnswer(granted: boolean): void;
  purchaseEventId(orderId: string): string;
  /** True the first time this browser tracks purchase `id`. */
  firstTime(id: string): boolean;
  hashUser(raw: unknown): Promise<HashedUser>;
}

let loading: Promise<Extras> | undefined;
/** True while the extras are requested and not yet loaded or failed. */
export let extrasPending = false;

export const loadExtras = (): Promise<Extras> =>
  (loading ||= new Promise((ok, fail) => {
    const script = document.createElement('script');
    extrasPending = true;
    script.src = config.extras;
    script.onload = script.onerror = () => {
      extrasPending = false;
      const x = window.tandem?.x;
      if (x) ok(x);
      else fail();
    };
    document.head.appendChild(script);
  }));
