/**
 * Settings per destination, as the marketer edits them (dashboard) and the operator inspects them
 * (CLI): data sharing on/off, the server token (stored encrypted, shown back only as its last four
 * characters), the event mapping and the destination's options, validated by its own schema.
 */
import { DESTINATIONS, findDestination } from '../destinations/registry.js';
import type { AnyDestination } from '../destinations/types.js';
import type { DestinationSettings, Storage } from '../storage/types.js';
import { tokenLast4, type TokenBox } from './secrets.js';
import { isShopEvent, SHOP_EVENTS } from '../events/names.js';

/** A change to one destination's settings; absent fields are kept. `null` removes a token/option. */
export interface SettingsPatch {
  enabled?: boolean;
  token?: string | null;
  mapping?: Record<string, string>;
  options?: Record<string, unknown | null>;
}

/** What the dashboard shows of a destination: never the token. */
export interface DestinationView {
  destination: string;
  title: string;
  configured: boolean;
  enabled: boolean;
  hasToken: boolean;
  tokenLast4?: string;
  /** What the token is made of, when it is more than one platform secret (`Destination.tokenHelp`). */
  tokenHelp?: string;
  /** Why the stored token cannot be read (wrong or missing key). */
  tokenProblem?: string;
  mapping: Record<string, string>;
  options: Record<string, unknown>;
  /** First problem with the options, if they do not validate. */
  optionsProblem?: string;
  platformEvents: readonly string[];
  pausedReason?: string;
  updatedAt?: number;
  /** What the operator should change soon (`Destination.warnings`), for a configured destination. */
  warnings?: string[];
}

/** A refused change, in the fields of the collector's one error shape (`errors.ts`). */
export class SettingsError extends Error {
  override name = 'SettingsError';
  constructor(
    readonly code: string,
    message: string,
    readonly where?: string,
    readonly fix?: string,
  ) {
    super(message);
  }
  toJSON() {
    const { code, message, where, fix } = this;
    return { error: { code, message, ...(where ? { where } : {}), ...(fix ? { fix } : {}) } };
  }
}

function known(name: string, registry: readonly AnyDestination[]): AnyDestination {
  const d = findDestination(name, registry);
  if (!d) {
    const names = registry.map((x) => x.name).join(', ');
    throw new SettingsError(
      'unknown_destination',
      `no destination named "${name}"`,
      'destination',
      `use one of ${names}`,
    );
  }
  return d;
}

/** Why a mapping row cannot be saved (dashboard) or loaded (config file), or undefined when it can. */
export function mappingProblem(
  d: AnyDestination,
  shopEvent: string,
  platformEvent: string,
): { message: string; fix: string } | undefined {
  if (!isShopEvent(shopEvent)) {
    return {
      message: `"${shopEvent}" is not an event Tandem delivers`,
      fix: `map one of ${SHOP_EVENTS.join(', ')}: only these are sent to platforms`,
    };
  }
  if (shopEvent === 'refund' && d.purchaseEvents?.includes(platformEvent)) {
    return {
      message: `a refund cannot be sent as "${platformEvent}": ${d.title} would count it as a purchase and add its value to revenue`,
      fix: `map refund to a refund event, or leave it unmapped (${d.title}'s purchase events: ${d.purchaseEvents.join(', ')})`,
    };
  }
  if (!d.platformEvents.includes(platformEvent)) {
    return {
      message: `${d.title} has no event "${platformEvent}"`,
      fix: `use one of ${d.platformEvents.join(', ')}`,
    };
  }
  return undefined;
}

function checkMapping(d: AnyDestination, mapping: Record<string, string>) {
  for (const [shopEvent, platformEvent] of Object.entries(mapping)) {
    const problem = mappingProblem(d, shopEvent, platformEvent);
    if (problem)
      throw new SettingsError('invalid_mapping', problem.message, `mapping.${shopEvent}`, problem.fix);
  }
}

/** Why a server token cannot be stored, or undefined when it can (the dashboard and the config file). */
export function tokenFormatProblem(token: string): string | undefined {
  return !token || token.length > 4096 || /\s/.test(token)
    ? 'the token must be one word of 1 to 4096 characters'
    : undefined;
}

function mergeOptions(current: Record<string, unknown>, patch: SettingsPatch['options']) {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch ?? {})) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** Validates and stores a change; a new token clears a pause, so delivery resumes. */
export async function saveDestinationSettings(
  storage: Storage,
  box: TokenBox,
  name: string,
  patch: SettingsPatch,
  now: number,
  registry: readonly AnyDestination[] = DESTINATIONS,
): Promise<DestinationView> {
  const d = known(name, registry);
  const current = await storage.getSettings(name);
  const next: DestinationSettings = current
    ? { ...current, mapping: { ...current.mapping }, options: { ...current.options } }
    : { destination: name, enabled: false, mapping: { ...d.defaultMapping }, options: {}, updatedAt: now };
  if (patch.mapping) {
    checkMapping(d, patch.mapping);
    next.mapping = { ...patch.mapping };
  }
  next.options = mergeOptions(next.options, patch.options);
  if (patch.enabled !== undefined) next.enabled = patch.enabled;
  if (patch.token === null) delete next.tokenCiphertext;
  else if (patch.token !== undefined) {
    const token = patch.token.trim();
    const problem = tokenFormatProblem(token) ?? d.tokenProblem?.(token);
    if (problem) throw new SettingsError('invalid_token', problem, 'token');
    next.tokenCiphertext = await box.encrypt(token, name);
    delete next.pausedReason;
  }
  if (patch.options !== undefined || next.enabled) {
    const parsed = d.options.safeParse(next.options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = ['options', ...(issue?.path ?? [])].join('.');
      throw new SettingsError('invalid_options', issue?.message ?? 'invalid options', where);
    }
  }
  if (next.enabled && d.needsToken && !next.tokenCiphertext) {
    throw new SettingsError(
      'token_required',
      `${d.title} needs its server token before data sharing can be on`,
      'token',
    );
  }
  next.updatedAt = now;
  await storage.putSettings(next);
  return view(d, next, box);
}

async function view(
  d: AnyDestination,
  s: DestinationSettings | undefined,
  box: TokenBox,
  now: number = Date.now(),
): Promise<DestinationView> {
  const out: DestinationView = {
    destination: d.name,
    title: d.title,
    configured: Boolean(s),
    enabled: s?.enabled ?? false,
    hasToken: Boolean(s?.tokenCiphertext),
    mapping: s?.mapping ?? { ...d.defaultMapping },
    options: s?.options ?? {},
    platformEvents: d.platformEvents,
    ...(d.tokenHelp && { tokenHelp: d.tokenHelp }),
  };
  if (s?.tokenCiphertext) {
    try {
      out.tokenLast4 = tokenLast4(await box.decrypt(s.tokenCiphertext, d.name));
    } catch (error) {
      out.tokenProblem = (error as Error).message;
    }
  }
  if (s) {
    const parsed = d.options.safeParse(s.options);
    if (parsed.success) {
      out.options = parsed.data as Record<string, unknown>;
      const warnings = d.warnings?.(parsed.data, now) ?? [];
      if (warnings.length) out.warnings = warnings;
    } else out.optionsProblem = parsed.error.issues[0]?.message ?? 'invalid options';
    if (s.pausedReason) out.pausedReason = s.pausedReason;
    out.updatedAt = s.updatedAt;
  }
  return out;
}

/** Every registered destination with its settings (defaults when not configured). */
export async function describeDestinations(
  storage: Storage,
  box: TokenBox,
  registry: readonly AnyDestination[] = DESTINATIONS,
  now: number = Date.now(),
): Promise<DestinationView[]> {
  const all = await storage.listSettings();
  return Promise.all(
    registry.map((d) =>
      view(
        d,
        all.find((s) => s.destination === d.name),
        box,
        now,
      ),
    ),
  );
}

/** Every configured destination's warnings as `<title>: <warning>` (for `tandem check`). */
export async function settingsWarnings(
  storage: Storage,
  now: number,
  registry: readonly AnyDestination[] = DESTINATIONS,
): Promise<string[]> {
  const out: string[] = [];
  for (const s of await storage.listSettings()) {
    const d = findDestination(s.destination, registry);
    const parsed = d?.options.safeParse(s.options);
    if (d && parsed?.success)
      for (const w of d.warnings?.(parsed.data, now) ?? []) out.push(`${d.title}: ${w}`);
  }
  return out;
}

/**
 * Start-up check: every stored token must decrypt with the configured keys. Refuses with one
 * message naming each destination, so the operator knows which key is missing.
 */
export async function verifyStoredTokens(storage: Storage, box: TokenBox): Promise<void> {
  const problems: string[] = [];
  for (const s of await storage.listSettings()) {
    if (!s.tokenCiphertext) continue;
    try {
      await box.decrypt(s.tokenCiphertext, s.destination);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  if (problems.length) {
    throw new SettingsError(
      'token_key_missing',
      `stored server tokens cannot be decrypted: ${problems.join('; ')}`,
      'token keys',
      'start with the key the tokens were stored with (keep old keys after the new one while rotating), or enter the tokens again',
    );
  }
}
