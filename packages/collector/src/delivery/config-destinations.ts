/**
 * Destinations as code: the config file's `destinations` section. Options and mappings are checked
 * by the same rules as the dashboard's forms (the destination's own zod schema, `mappingProblem`),
 * and a token is never in the file: `{"env": "NAME"}` names the variable the Node entry reads at
 * start. `applyConfigDestinations` then stores each one (the token encrypted), replacing what the
 * dashboard had stored; the dashboard shows them read-only.
 */
import { z } from 'zod';
import { DESTINATIONS, findDestination } from '../destinations/registry.js';
import type { AnyDestination } from '../destinations/types.js';
import type { DestinationSettings, Storage } from '../storage/types.js';
import type { TokenBox } from './secrets.js';
import { mappingProblem, tokenFormatProblem } from './settings.js';

export const DestinationConfig = z
  .object({
    /** Data sharing on or off (off by default). */
    sharing: z.boolean().default(false),
    /** The destination's options, as in DELIVERY.md's tables; checked by its own schema. */
    options: z.record(z.string(), z.unknown()).default({}),
    /** Where the server token comes from: an environment variable read at start. */
    token: z
      .object({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name') })
      .strict()
      .optional(),
    /** Shop event -> platform event; the destination's default mapping when absent. */
    mapping: z.record(z.string(), z.string()).optional(),
  })
  .strict();
export type DestinationConfig = z.output<typeof DestinationConfig>;

/** The section, checked against the registry's destinations. */
export const DestinationsConfig = z.record(z.string(), DestinationConfig).superRefine((section, ctx) => {
  for (const [name, entry] of Object.entries(section)) {
    const d = findDestination(name);
    if (!d) {
      ctx.addIssue({ code: 'custom', path: [name], message: `no destination named "${name}"` });
      continue;
    }
    const options = d.options.safeParse(entry.options);
    for (const issue of options.success ? [] : options.error.issues) {
      ctx.addIssue({ code: 'custom', path: [name, 'options', ...issue.path], message: issue.message });
    }
    for (const [shopEvent, platformEvent] of Object.entries(entry.mapping ?? {})) {
      const problem = mappingProblem(d, shopEvent, platformEvent);
      if (problem) {
        ctx.addIssue({ code: 'custom', path: [name, 'mapping', shopEvent], message: problem.message });
      }
    }
    if (entry.sharing && d.needsToken && !entry.token) {
      ctx.addIssue({
        code: 'custom',
        path: [name, 'token'],
        message: `${d.title} needs its server token before data sharing can be on`,
      });
    }
  }
});
export type DestinationsConfig = z.output<typeof DestinationsConfig>;

/** The fix `parseConfig` prints for a problem at `destinations.<path>`. */
export function destinationsFix(path: readonly PropertyKey[]): string {
  const [name, part] = path.map(String);
  const d = name ? findDestination(name) : undefined;
  if (!name || !d) return `Use destination names among ${DESTINATIONS.map((x) => x.name).join(', ')}.`;
  if (part === 'options') return `See ${d.title}'s options table in DELIVERY.md.`;
  if (part === 'mapping') return `Map purchase or refund to one of ${d.platformEvents.join(', ')}.`;
  if (part === 'token') {
    return 'Write "token": {"env": "VARIABLE_NAME"} and set that variable where tandem serve runs; the token itself never goes in the file.';
  }
  if (part === 'sharing') return 'Use true or false.';
  return 'Give {"sharing", "options", "token": {"env"}, "mapping"}; see DELIVERY.md.';
}

/** A problem with a token read from the environment, naming the variable. */
export class ConfigTokenError extends Error {
  override name = 'ConfigTokenError';
}

/**
 * The tokens the section names, read through `lookup` (the Node entry passes the environment).
 * Throws a `ConfigTokenError` naming the first variable that is missing or not a token.
 */
export function configTokens(
  section: DestinationsConfig,
  lookup: (variable: string) => string | undefined,
): Record<string, string> {
  const tokens: Record<string, string> = {};
  for (const [name, entry] of Object.entries(section)) {
    if (!entry.token) continue;
    const variable = entry.token.env;
    const value = lookup(variable)?.trim();
    if (!value) {
      throw new ConfigTokenError(
        `destinations.${name}.token names the environment variable ${variable}, which is not set. Fix: set ${variable} to the ${findDestination(name)?.title ?? name} server token where tandem serve runs`,
      );
    }
    const problem = tokenFormatProblem(value) ?? findDestination(name)?.tokenProblem?.(value);
    if (problem)
      throw new ConfigTokenError(
        `${variable} (the ${name} token): ${problem}. Fix: set it to the token alone`,
      );
    tokens[name] = value;
  }
  return tokens;
}

/**
 * Stores every destination of the section, replacing its stored settings: sharing, options,
 * mapping, and the token encrypted with `box` (kept as stored when it is the same token, so a pause
 * the platform caused survives a restart; a new token clears it, as in the dashboard).
 */
export async function applyConfigDestinations(
  storage: Storage,
  box: TokenBox,
  section: DestinationsConfig,
  tokens: Record<string, string>,
  now: number,
  registry: readonly AnyDestination[] = DESTINATIONS,
): Promise<void> {
  for (const [name, entry] of Object.entries(section)) {
    const d = findDestination(name, registry);
    if (!d) continue;
    const current = await storage.getSettings(name);
    const token = tokens[name];
    const next: DestinationSettings = {
      destination: name,
      enabled: entry.sharing,
      mapping: { ...(entry.mapping ?? d.defaultMapping) },
      options: { ...entry.options },
      updatedAt: now,
    };
    if (token !== undefined) {
      const stored = current?.tokenCiphertext;
      const same = stored ? (await box.decrypt(stored, name).catch(() => undefined)) === token : false;
      next.tokenCiphertext = same && stored ? stored : await box.encrypt(token, name);
      if (same && current?.pausedReason) next.pausedReason = current.pausedReason;
    }
    await storage.putSettings(next);
  }
}
