/**
 * The dashboard's settings port, built on the delivery side's settings service: validation and
 * token encryption happen there (`delivery/settings.ts`, `delivery/secrets.ts`); this file only
 * translates between its views and the dashboard's, and runs "test connection".
 */
import { redactSecrets } from '../delivery/redact.js';
import { describeDestinations, saveDestinationSettings, SettingsError } from '../delivery/settings.js';
import type { TokenBox } from '../delivery/secrets.js';
import { DESTINATIONS, findDestination } from '../destinations/registry.js';
import type { AnyDestination } from '../destinations/types.js';
import type { Storage } from '../storage/types.js';
import { testConnection } from './destinations/connection.js';
import { fieldsFromSchema } from './destinations/fields.js';
import type { DashboardSettings, DestinationView, OptionField } from './ports.js';

export interface SettingsServiceDeps {
  storage: Storage;
  box: TokenBox;
  fetch?: typeof fetch;
  now?: () => number;
  registry?: readonly AnyDestination[];
  /** Destinations set in the config file: shown read-only, and every change to them is refused. */
  managed?: readonly string[];
}

/** What the dashboard says of a destination the config file sets. */
export const SET_IN_CONFIG = 'set in the config file';

export function settingsService(deps: SettingsServiceDeps): DashboardSettings {
  const registry = deps.registry ?? DESTINATIONS;
  const now = deps.now ?? Date.now;
  const doFetch = deps.fetch ?? fetch;
  const managed = new Set(deps.managed ?? []);
  const fields = new Map<string, OptionField[]>(registry.map((d) => [d.name, fieldsFromSchema(d.options)]));

  return {
    async describe() {
      const views = await describeDestinations(deps.storage, deps.box, registry, now());
      return views.map((v): DestinationView => ({
        destination: v.destination,
        label: v.title,
        enabled: v.enabled,
        mapping: v.mapping,
        options: v.options,
        platformEvents: v.platformEvents,
        fields: fields.get(v.destination) ?? [],
        ...(managed.has(v.destination) && { setInConfig: true }),
        ...(v.tokenLast4 !== undefined && { tokenLast4: v.tokenLast4 }),
        ...(v.tokenHelp !== undefined && { tokenHelp: v.tokenHelp }),
        ...(v.pausedReason !== undefined && { pausedReason: redactSecrets(v.pausedReason) }),
        ...(v.updatedAt !== undefined && { updatedAt: v.updatedAt }),
        ...(v.warnings !== undefined && { warnings: v.warnings }),
        ...((v.tokenProblem ?? v.optionsProblem) !== undefined && {
          problem: [v.tokenProblem, v.optionsProblem && `options: ${v.optionsProblem}`]
            .filter(Boolean)
            .join('; '),
        }),
      }));
    },
    async save(name, patch) {
      // Resuming after a refused token is an operator's action, not a setting: allowed either way.
      if (managed.has(name) && !patch.resume) {
        return {
          ok: false,
          status: 409,
          message: `The settings of ${name} are ${SET_IN_CONFIG}: change them there and restart tandem serve`,
          where: `destinations.${name}`,
        };
      }
      try {
        if (patch.resume) {
          // The delivery service has no "resume" yet: clear the pause and keep everything else.
          const current = await deps.storage.getSettings(name);
          if (current?.pausedReason) {
            const { pausedReason: _cleared, ...rest } = current;
            await deps.storage.putSettings({ ...rest, updatedAt: now() });
          }
          return { ok: true };
        }
        const { resume: _r, ...change } = patch;
        await saveDestinationSettings(deps.storage, deps.box, name, change, now(), registry);
        return { ok: true };
      } catch (error) {
        if (error instanceof SettingsError) {
          return {
            ok: false,
            message: error.message,
            ...(error.where !== undefined && { where: error.where }),
          };
        }
        throw error;
      }
    },
    async testConnection(name, sample) {
      const d = findDestination(name, registry);
      const stored = await deps.storage.getSettings(name);
      if (!d || !stored?.tokenCiphertext)
        return { ok: false, mode: 'none', message: 'no token is stored yet' };
      const options = d.options.safeParse(stored.options);
      if (!options.success) {
        return {
          ok: false,
          mode: 'none',
          message: `complete the options first (${options.error.issues[0]?.message})`,
        };
      }
      let token: string;
      try {
        token = await deps.box.decrypt(stored.tokenCiphertext, name);
      } catch (error) {
        return { ok: false, mode: 'none', message: (error as Error).message };
      }
      return testConnection({
        destination: d,
        options: options.data as Record<string, unknown>,
        mapping: stored.mapping,
        token,
        fetch: doFetch,
        now: now(),
        ...(sample?.pageUrl !== undefined && { pageUrl: sample.pageUrl }),
      });
    },
  };
}
