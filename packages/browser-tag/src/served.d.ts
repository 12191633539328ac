/** The built tag with `__TANDEM_CONFIG__` in place of its config (written by `scripts/build.mjs`). */
export declare const tagTemplate: string;
/** The same with debug logging kept (`DEBUG` true): for a shop's engineer, never for visitors. */
export declare const debugTagTemplate: string;
