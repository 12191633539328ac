/** The built tag with `__TANDEM_CONFIG__` in place of its config (written by `scripts/build.mjs`). */
export declare const tagTemplate: string;
/** The same with debug logging kept (`DEBUG` true): for a shop's engineer, never for visitors. */
export declare const debugTagTemplate: string;
/**
 * The tag's extras (click-ID capture, purchase event IDs, identify's hashing), loaded by the tag
 * only on pages that need them; `__TANDEM_CONFIG__` in place of the same config.
 */
export declare const extrasTemplate: string;
/** The extras with debug logging kept. */
export declare const debugExtrasTemplate: string;
