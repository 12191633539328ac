/**
 * Consent. `optin` (EU): nothing identifying, no cookie, no storage and no pixel until
 * `tandem('consent', {ads: true})`. `optout`: on until `{ads: false}`. Global Privacy Control
 * means no ad sharing whatever the mode or the answer.
 */
import { CONSENT_COOKIE } from '@tandem/protocol/cookies';
import type { Consent } from '@tandem/protocol';
import { config } from './config.js';
import { readCookie } from './read-cookie.js';

const gpc = navigator.globalPrivacyControl === true;

/** The visitor's answer: true, false, or undefined while an opt-in page waits for one. */
let answer: boolean | undefined = rememberedAnswer();

function rememberedAnswer(): boolean | undefined {
  const stored = readCookie(CONSENT_COOKIE);
  if (stored) return stored === '1';
  // opt-out: yes until the visitor says no; opt-in: no answer yet
  return config.consent === 'optout' ? true : undefined;
}

/** Ads may be shared: the visitor said yes (or opt-out and no "no"), and no GPC. */
export const ads = (): boolean => answer === true && !gpc;

/** Calls wait only while opt-in has no answer; with GPC the answer for ads is already no. */
export const waiting = (): boolean => answer === undefined && !gpc;

export function setAnswer(granted: boolean): void {
  answer = granted;
}

export function consentState(): Consent {
  return gpc ? { ads: ads(), gpc: true } : { ads: ads() };
}
