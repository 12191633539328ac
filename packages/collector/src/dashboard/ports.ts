/**
 * What the dashboard needs from the rest of the collector, and nothing more. `createCollector`
 * builds these from its storage and from the delivery settings service; tests build them from the
 * in-memory storage. The dashboard never sees a stored token: settings come back described (with
 * `tokenLast4`), and saving goes through the delivery side, which validates and encrypts.
 */
import type { Context } from 'hono';
import type { DashboardReadModel, Storage } from '../storage/types.js';

export type { OverviewStats } from '../storage/types.js';

/**
 * The storage methods the dashboard reads (and `replayDead` / `replayUncertain` / `confirmUncertain` /
 * `endSessions`, its writes), and the storage's read model (`overviewStats`, computed in its own query, see
 * DASHBOARD.md). A storage without the read model (a test double) gets the same figures from a
 * scan of the latest outbox rows and events, up to a bound.
 */
export type DashboardStorage = Pick<
  Storage,
  | 'listOutbox'
  | 'listAttempts'
  | 'outboxStats'
  | 'replayDead'
  | 'replayUncertain'
  | 'confirmUncertain'
  | 'listEvents'
  | 'getOrder'
  | 'sessionEpoch'
  | 'endSessions'
> &
  Partial<DashboardReadModel>;

/** One destination-specific option the marketer edits (e.g. AdRoll's attribution window). */
export interface OptionField {
  key: string;
  label: string;
  help?: string;
  type: 'number' | 'text' | 'select' | 'boolean';
  /** For `select`: value -> label. */
  choices?: Array<{ value: string; label: string }>;
  min?: number;
  max?: number;
  integer?: boolean;
  /** Must be filled; other fields left blank fall back to their default. */
  required?: boolean;
  /** Shown as the input's placeholder when blank. */
  defaultValue?: string;
}

/** A destination as the dashboard shows it: settings without the token, plus what it accepts. */
export interface DestinationView {
  destination: string;
  label: string;
  enabled: boolean;
  /** Last four characters of the stored token, or undefined when none is stored. */
  tokenLast4?: string;
  /** What the token is made of, when it is more than one platform secret. */
  tokenHelp?: string;
  mapping: Record<string, string>;
  options: Record<string, unknown>;
  pausedReason?: string;
  updatedAt?: number;
  /** The platform's event names, offered in the mapping form. */
  platformEvents: readonly string[];
  fields: readonly OptionField[];
  /** Why the settings cannot be used as stored (token key missing, options incomplete). */
  problem?: string;
  /** Set in the config file: shown read-only; the settings service refuses changes. */
  setInConfig?: boolean;
  /** What to change soon, e.g. an API version close to its end. */
  warnings?: string[];
}

/** One change from one form; the settings service applies it in one write. */
export interface SettingsPatch {
  enabled?: boolean;
  /** A new token (plaintext, encrypted by the service); a new token also clears a pause. */
  token?: string;
  mapping?: Record<string, string>;
  /** The whole options form; `null` clears a field so its default applies. */
  options?: Record<string, unknown>;
  /** Clear the paused state without changing the token. */
  resume?: true;
}

/** `status` 409: the destination is set in the config file (default 400: the input was refused). */
export type SaveResult = { ok: true } | { ok: false; message: string; where?: string; status?: 409 };

export interface ConnectionResult {
  ok: boolean;
  /** What the platform said, in words for the marketer; never contains the token. */
  message: string;
  /** How the check was made, e.g. "AdRoll dry_run" or "token check only". */
  mode: string;
}

export interface DashboardSettings {
  describe(): Promise<DestinationView[]>;
  save(destination: string, patch: SettingsPatch): Promise<SaveResult>;
  /** `pageUrl`: the shop page the sample event claims (the dashboard passes its own origin). */
  testConnection(destination: string, sample?: { pageUrl?: string }): Promise<ConnectionResult>;
}

export interface DashboardDeps {
  /** The admin secret the marketer types to log in (at least 16 characters). */
  adminSecret: string;
  /** Absolute path the dashboard is mounted at, e.g. `/app-data/admin` (links and cookie path). */
  basePath: string;
  storage: DashboardStorage;
  settings: DashboardSettings;
  now?: () => number;
  /**
   * The address of the client's connection (the socket's remote address), which the runtime
   * adapter knows and the request does not: `nodeClientAddress` from the Node adapter. Failed
   * logins are counted per address; without it every client shares one count.
   */
  clientAddress?: (c: Context) => string | undefined;
  /**
   * Behind a proxy that sets `X-Forwarded-For` and `-Proto` (default false): count failed logins
   * per the last `X-Forwarded-For` address instead, and take the scheme from the last
   * `X-Forwarded-Proto` entry (`http/forwarded.ts`). Otherwise anyone can write those headers: make
   * every try a new client, or turn the cookies' `Secure` off.
   */
  trustProxy?: boolean;
  /** Who is logging in, replacing the two settings above (tests, unusual proxies). */
  clientKey?: (c: Context) => string;
  /** `auto` (default): Secure cookies when the request came over https (behind `trustProxy`: X-Forwarded-Proto). */
  secureCookies?: boolean | 'auto';
  /** Session lifetime in ms (default 8 hours). */
  sessionMs?: number;
  /** A session unused for this long ends, in ms (default 30 minutes). */
  sessionIdleMs?: number;
}
