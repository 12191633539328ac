/** The built tag with `__TANDEM_CONFIG__` in place of its config (written by `scripts/build.mjs`). */
export declare const tagTemplate: string;
