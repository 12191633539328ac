import type { TagConfig } from '@tandem/protocol';

declare global {
  /** Replaced by the collector with the shop's public config when it serves the tag. */
  const __TANDEM_CONFIG__: TagConfig;
  /** Build flag: false in the production build, so esbuild drops debug code. */
  const DEBUG: boolean;
}
