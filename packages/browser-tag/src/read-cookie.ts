/**
 * The tag's only cookie access: one reader for the two cookies it needs (`_tdm_c` for consent,
 * `_fbp` to know a new Meta visitor), raw, so a cookie that does not decode still counts as
 * there. Every cookie is written by the extras, with js-cookie (`cookies.ts`); keeping js-cookie
 * out of the tag keeps it within its size budget (README).
 */

/** A cookie's value as stored (URL-encoded), or undefined when there is none. */
export const readCookie = (name: string): string | undefined =>
  document.cookie.match(`(?:^|; )${name}=([^;]*)`)?.[1];
