/**
 * Consent. `optin` (EU): nothing identifying, no cookie, no storage and no pixel until
 * `tandem('consent', {ads: true})`. `optout`: on until `{ads: false}`. Global Privacy Control
 * means no ad sharing whatever the mode or the answer.
 */
import { CONSENT_COOKIE } from '@tandem/protocol/cookies';
import type { Consent } from '@tandem/protocol';
import { config } from './config.js';
import { getCookie } from './cookie.js';

const gpc = navigator.globalPrivacyControl == true;
const stored = getCookie(CONSENT_COOKIE);

/** The visitor's answer: true, false, or undefined while an opt-in page waits for one. */
let answer = stored ? stored == '1' : config.consent == 'optout' || undefined;

export const ads = (): boolean => !!answer && !gpc;

/** Calls wait only while opt-in has no answer; with GPC the answer for ads is already no. */
export const waiting = (): boolean => answer == null && !gpc;

export const setAnswer = (granted: boolean): void => {
  answer = granted;
};

export const consentState = (): Consent => ({ ads: ads(), gpc: gpc || undefined });
