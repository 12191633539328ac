/**
 * The visitor's consent answer, as the extras keep it: a "yes" (or an opt-out "no") is
 * remembered in a cookie, and a "no" removes what an earlier "yes" left behind: the retry queue,
 * the events already tracked, every Tandem cookie and Meta's (the collector removes its
 * HttpOnly visitor cookie when a beacon says no).
 */
import { CONSENT_COOKIE } from '@tandem/protocol/cookies';
import { config } from './config.js';
import { cookieNames, removeCookie, setCookie } from './cookies.js';
import { forgetBeacons } from './retry-queue.js';
import { forgetTracked } from './tracked.js';

/** Tandem's cookies and Meta's `_fbc` and `_fbp`. */
const REMOVED_ON_NO = /^(_tdm_\w+|_fb[cp])$/;

export function rememberAnswer(granted: boolean): void {
  if (!granted) {
    forgetBeacons();
    forgetTracked();
    for (const name of cookieNames()) if (REMOVED_ON_NO.test(name)) removeCookie(name);
  }
  // opt-in's default is already no: only a "yes", or an opt-out "no", is remembered
  if (granted || config.consent === 'optout') setCookie(CONSENT_COOKIE, granted ? '1' : '0', 'consent');
}
