/**
 * The collector's configuration, as one zod schema (types derive from it). `parseConfig` turns
 * every problem into the field, what is wrong, and how to fix it; the CLI prints that and exits.
 * Secrets (`serverKey`) may be passed here by an embedding shop, but the CLI takes them only from
 * the environment, never from the config file.
 */
import { CookieLifetimeKey } from '@tandem/protocol';
import { z } from 'zod';
import { DestinationsConfig, destinationsFix } from './delivery/config-destinations.js';
import { Limits, LIMITS_FIX } from './limits.js';

const days = z.number().int().min(1).max(400);
const origin = z
  .string()
  .regex(
    /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/,
    'an origin such as https://shop.example (scheme, host, optional port; no path)',
  );

export const CollectorConfig = z
  .object({
    /** Path the collector is mounted at. Neutral by default so filter lists do not block it. */
    mountPath: z
      .string()
      .regex(/^\/[A-Za-z0-9._~\-/]*[A-Za-z0-9._~-]$/, 'a path such as /app-data (no trailing slash)')
      .default('/app-data'),
    /** `optin`: nothing identifying before consent (EU default). `optout`: on until denied. */
    consentMode: z.enum(['optin', 'optout']).default('optin'),
    /** Shop origins allowed to post beacons besides the collector's own origin. */
    allowedOrigins: z.array(origin).max(50).default([]),
    /** Days the tag's click-ID cookies live (and the server re-issues them for). */
    cookieDays: days.default(90),
    /** Per-cookie lifetimes in days, e.g. `{"ttclid": 28, "search": 30}`; the rest use `cookieDays`. */
    cookieLifetimes: z.partialRecord(CookieLifetimeKey, days).default({}),
    /** Days the HttpOnly visitor cookie lives (browsers cap cookies at 400). */
    visitorCookieDays: days.default(365),
    /** `auto`: `Secure` when the request came over https. */
    secureCookies: z.enum(['auto', 'always', 'never']).default('auto'),
    /** Read the client IP and scheme from `X-Forwarded-For`/`-Proto` (behind the shop's proxy). */
    trustProxy: z.boolean().default(false),
    /** Milliseconds a pixel may take to load before the tag reports it blocked. */
    pixelTimeout: z.number().int().min(100).max(60_000).default(3000),
    adroll: z
      .object({
        advertiserId: z.string().regex(/^[A-Z0-9]{6,40}$/, 'an AdRoll advertiser EID such as ABCDEF123456'),
        pixelId: z.string().regex(/^[A-Z0-9]{6,40}$/, 'an AdRoll pixel EID such as GHIJKL789012'),
        scriptUrl: z.string().url().default('https://s.adroll.com/j/{adv}/roundtrip.js'),
      })
      .strict()
      .optional(),
    meta: z
      .object({
        pixelId: z.string().regex(/^\d{5,20}$/, 'a numeric Meta pixel ID'),
        scriptUrl: z.string().url().default('https://connect.facebook.net/en_US/fbevents.js'),
      })
      .strict()
      .optional(),
    /**
     * Let a browser purchase beacon alone create an order to forward. Off by default: anyone can
     * post to a public endpoint. Only for shops whose backend cannot call the orders route.
     */
    trustBrowserPurchases: z.boolean().default(false),
    /** Days raw beacon events are kept; orders and the outbox are not purged. */
    retentionDays: z.number().int().min(1).max(3650).default(30),
    /** Calling code put in front of phone numbers written without one (e.g. `1`, `48`), trunk `0` dropped. */
    defaultPhoneCountryCode: z
      .string()
      .regex(/^[1-9]\d{0,2}$/, '1 to 3 digits without +, such as 48')
      .optional(),
    /** Bearer key for the orders, refunds and metrics routes (at least 24 characters). */
    serverKey: z.string().min(24, 'at least 24 characters').optional(),
    /** `server-key`: metrics need the server key; `public`: open; `off`: no metrics route. */
    metrics: z.enum(['server-key', 'public', 'off']).default('server-key'),
    /**
     * Destinations as code (`delivery/config-destinations.ts`): the Node entry stores them at start
     * and the dashboard shows them read-only. `createCollector` itself does not read them.
     */
    destinations: DestinationsConfig.default({}),
    /** Rate limits, storage budget and server timeouts (see `limits.ts`). */
    limits: Limits.prefault({}),
  })
  .strict();
export type CollectorConfig = z.output<typeof CollectorConfig>;
export type CollectorConfigInput = z.input<typeof CollectorConfig>;

const FIXES: Record<string, string> = {
  mountPath: 'Use a path that starts with / and has no trailing slash, e.g. "/app-data".',
  consentMode: 'Use "optin" (EU: nothing before consent) or "optout".',
  allowedOrigins: 'List origins like "https://shop.example", without paths or trailing slashes.',
  cookieDays: 'Use a whole number of days from 1 to 400.',
  cookieLifetimes: `Use {"<cookie>": <days>} with cookies among ${CookieLifetimeKey.options.join(', ')} and 1 to 400 days.`,
  visitorCookieDays: 'Use a whole number of days from 1 to 400.',
  secureCookies: 'Use "auto", "always" or "never".',
  pixelTimeout: 'Use milliseconds from 100 to 60000, e.g. 3000.',
  adroll:
    'Give {"advertiserId": "...", "pixelId": "..."} from AdRoll\'s pixel snippet (adroll_adv_id, adroll_pix_id).',
  meta: 'Give {"pixelId": "..."} from Meta Events Manager.',
  retentionDays: 'Use a whole number of days from 1 to 3650.',
  defaultPhoneCountryCode: 'Use the calling code digits only, e.g. "1" or "48".',
  serverKey: 'Set TANDEM_SERVER_KEY to a random secret, e.g. the output of `openssl rand -hex 32`.',
  metrics: 'Use "server-key", "public" or "off".',
  limits: LIMITS_FIX,
};

export interface ConfigProblem {
  where: string;
  problem: string;
  fix: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `Invalid Tandem config:\n${problems.map((p) => `- ${p.where}: ${p.problem}. Fix: ${p.fix}`).join('\n')}`,
    );
  }
}

export function parseConfig(input: unknown): CollectorConfig {
  const result = CollectorConfig.safeParse(input ?? {});
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const where = issue.path.join('.') || '(root)';
      const top = String(issue.path[0] ?? '');
      const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : [];
      const fix =
        unknownKeys.length > 0
          ? `Remove ${unknownKeys.map((k) => `"${k}"`).join(', ')} or check the spelling against the settings table in the collector README.`
          : top === 'destinations'
            ? destinationsFix(issue.path.slice(1))
            : (FIXES[top] ?? 'See the settings table in the collector README.');
      return {
        where: unknownKeys.length ? unknownKeys.map((k) => [...issue.path, k].join('.')).join(', ') : where,
        problem: issue.message,
        fix,
      };
    }),
  );
}
