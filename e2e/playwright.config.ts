import { defineConfig } from '@playwright/test';

/** Debian's Chromium (browsers cannot be downloaded here); the flags keep it off the network. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export default defineConfig({
  testDir: './tests',
  outputDir: './artifacts/results',
  timeout: 60_000,
  workers: 1,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    headless: true,
    launchOptions: { executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [
    // Every spec, the collector on SQLite.
    { name: 'sqlite' },
    // Checkout flows 1, 2, 4 and 5 again with the collector on a throwaway PostgreSQL
    // (`support/checkout-stack.ts`): the pixel/server dedup, the ad-blocked server path, the visitor
    // join through the HttpOnly cookie and the order recorded once though confirmed twice.
    {
      name: 'postgres',
      testMatch: 'checkout.spec.ts',
      grep: /(^| )[1245]\. /,
      metadata: { db: 'postgres' },
    },
  ],
});
