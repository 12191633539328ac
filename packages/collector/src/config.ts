/**
 * The collector's configuration, as a zod schema. `parseConfig` turns a problem into a message that
 * names the field, what is wrong, and how to fix it.
 */
import { z } from 'zod';

export const CollectorConfig = z
  .object({
    /** Path the collector is mounted at, e.g. `/app-data`. */
    mountPath: z
      .string()
      .regex(/^\/[A-Za-z0-9._~\-/]*[A-Za-z0-9._~-]$/, 'a path such as /app-data (no trailing slash)')
      .default('/app-data'),
    /** Consent mode of the tag: `optin` (EU default) or `optout`. */
    consentMode: z.enum(['optin', 'optout']).default('optin'),
  })
  .strict();
export type CollectorConfig = z.output<typeof CollectorConfig>;
export type CollectorConfigInput = z.input<typeof CollectorConfig>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function parseConfig(input: unknown): CollectorConfig {
  const result = CollectorConfig.safeParse(input);
  if (result.success) return result.data;
  const lines = result.error.issues.map((i) => `- ${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new ConfigError(`Invalid Tandem config:\n${lines.join('\n')}`);
}
