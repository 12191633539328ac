import { describe, expect, it } from 'vitest';
import { ConfigTokenError, configTokens, DestinationsConfig } from './config-destinations.js';

const section = DestinationsConfig.parse({
  'google-ads': {
    sharing: true,
    options: {
      customerId: '123-456-7890',
      conversionActionId: '42',
      clientId: 'c.apps.googleusercontent.com',
    },
    token: { env: 'GOOGLE_ADS_TOKEN' },
  },
  ga4: { sharing: true, options: { measurementId: 'G-ABC123' }, token: { env: 'GA4_API_SECRET' } },
});

describe('Google Ads and GA4 in the config file', () => {
  it("reads each token from its variable and checks the destination's own token format", () => {
    const env: Record<string, string> = {
      GOOGLE_ADS_TOKEN: 'devtoken:GOCSPX-secret:1//refresh',
      GA4_API_SECRET: 'abcDEF_123-xyz',
    };
    expect(configTokens(section, (name) => env[name])).toEqual({
      'google-ads': 'devtoken:GOCSPX-secret:1//refresh',
      ga4: 'abcDEF_123-xyz',
    });
    const oneWord = () =>
      configTokens(section, (name) => ({ ...env, GOOGLE_ADS_TOKEN: 'only-the-refresh-token' })[name]);
    expect(oneWord).toThrow(ConfigTokenError);
    expect(oneWord).toThrow(
      'GOOGLE_ADS_TOKEN (the google-ads token): the Google Ads token is three parts joined by colons: <developer token>:<client secret>:<refresh token>. Fix: set it to the token alone',
    );
  });

  it('refuses options the destinations refuse, naming the field', () => {
    const bad = DestinationsConfig.safeParse({
      'google-ads': { options: { customerId: '12345', conversionActionId: 'x', clientId: 'c' } },
      ga4: { options: { measurementId: 'UA-1234-1' } },
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'google-ads.options.customerId',
      'google-ads.options.conversionActionId',
      'ga4.options.measurementId',
    ]);
  });
});
