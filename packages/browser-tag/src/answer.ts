/**
 * The visitor's consent answer, as the extras keep it: a "yes" (or an opt-out "no") is
 * remembered in a cookie, and a "no" removes what an earlier "yes" left behind: the retry queue,
 * the purchases already tracked, every Tandem cookie and Meta's (the collector removes its
 * HttpOnly visitor cookie when a beacon says no).
 */
import { CONSENT_COOKIE } from '@tandem/protocol/cookies';
import { config } from './config.js';
import { setCookie } from './cookie.js';
import { storeBeacon } from './retry-queue.js';
import { PURCHASES, save } from './store.js';

export function rememberAnswer(granted: boolean): void {
  if (!granted) {
    storeBeacon(false);
    save(PURCHASES, []);
    for (const [, name] of document.cookie.matchAll(/(?:^|; )(_tdm_\w+|_fb[cp])=/g)) setCookie(name!, '');
  }
  // opt-in's default is already no: only a "yes", or an opt-out "no", is remembered
  if (granted || config.consent == 'optout') setCookie(CONSENT_COOKIE, granted ? '1' : '0', 'consent');
}
