/**
 * Fixtures for code outside this package (the Playwright specs, the demo): a known mix of
 * conversions and the overview figures it must produce, and the destinations' settings for the
 * sandbox's platforms. Not for production use.
 */
export { KNOWN_FIGURES, seedKnownMix } from './dashboard/known-mix.js';
export { sandboxConnections, type SandboxConnection, type SandboxPlatforms } from './sandbox-settings.js';
