/**
 * Fixtures for tests outside this package (the Playwright specs): a known mix of conversions and
 * the overview figures it must produce. Not for production use.
 */
export { KNOWN_FIGURES, seedKnownMix } from './dashboard/known-mix.js';
