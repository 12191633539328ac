import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config.js';

describe('config', () => {
  it('fills defaults', () => {
    expect(parseConfig({})).toEqual({
      mountPath: '/app-data',
      consentMode: 'optin',
      allowedOrigins: [],
      cookieDays: 90,
      cookieLifetimes: {},
      visitorCookieDays: 365,
      secureCookies: 'auto',
      trustProxy: false,
      pixelTimeout: 3000,
      trustBrowserPurchases: false,
      retentionDays: 30,
      metrics: 'server-key',
      destinations: {},
      limits: {
        clientEventsPerSecond: 50,
        clientEventBurst: 200,
        visitorEventsPerMinute: 600,
        dropBots: true,
        storageBudgetMiB: 10_240,
        writeTimeoutMs: 5_000,
        headersTimeoutMs: 10_000,
        requestTimeoutMs: 30_000,
        keepAliveTimeoutMs: 5_000,
        connectionsPerClient: 64,
      },
    });
  });

  it('names the field, the problem and the fix', () => {
    let error: unknown;
    try {
      parseConfig({ mountPath: 'app-data/', visitorCookieDays: 500, colour: 'red', serverKey: 'short' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems).toEqual([
      {
        where: 'mountPath',
        problem: 'a path such as /app-data (no trailing slash)',
        fix: 'Use a path that starts with / and has no trailing slash, e.g. "/app-data".',
      },
      {
        where: 'visitorCookieDays',
        problem: 'Too big: expected number to be <=400',
        fix: 'Use a whole number of days from 1 to 400.',
      },
      {
        where: 'serverKey',
        problem: 'at least 24 characters',
        fix: 'Set TANDEM_SERVER_KEY to a random secret, e.g. the output of `openssl rand -hex 32`.',
      },
      {
        where: 'colour',
        problem: 'Unrecognized key: "colour"',
        fix: 'Remove "colour" or check the spelling against the settings table in the collector README.',
      },
    ]);
    expect((error as Error).message.split('\n')[4]).toBe(
      '- colour: Unrecognized key: "colour". Fix: Remove "colour" or check the spelling against the settings table in the collector README.',
    );
  });
});
