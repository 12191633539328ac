import type { TagConfig } from '@tandem/protocol';
import type { Extras } from './extras-loader.js';

declare global {
  /** Replaced by the collector with the shop's public config when it serves the tag. */
  const __TANDEM_CONFIG__: TagConfig;
  /** Build flag: false in the production build, so esbuild drops debug code. */
  const DEBUG: boolean;

  /** A function that queues its calls, like the snippet's stub and the pixels' stubs. */
  type Queuer = ((...args: unknown[]) => void) & Record<string, unknown>;

  interface Window {
    /**
     * The snippet's stub (`q` holds early calls); the tag replaces it and marks it with `l`. The
     * tag's extras, once loaded, hang themselves on it as `x`.
     */
    tandem?: Queuer & { q?: ArrayLike<unknown>[]; l?: 1; x?: Extras };
    adroll?: unknown[] & Record<string, unknown>;
    adroll_adv_id?: string;
    adroll_pix_id?: string;
    adroll_version?: string;
    fbq?: Queuer & { queue: unknown[] };
    _fbq?: unknown;
    /** TikTok's queue stub: `[method, ...arguments]` entries until its `events.js` takes over. */
    ttq?: unknown[] &
      Record<string, unknown> & {
        page(): void;
        track(event: string, properties: object, options: { event_id: string }): void;
        _i?: Record<string, unknown>;
        _t?: Record<string, number>;
        _o?: Record<string, object>;
      };
    TiktokAnalyticsObject?: string;
  }

  interface Navigator {
    /** Global Privacy Control (Chromium with an extension, Firefox, Brave). */
    readonly globalPrivacyControl?: boolean;
  }
}
