import type { CookieLifetimeKey, TagConfig } from '@tandem/protocol';

/** The shop's public config, inlined by the collector in place of the placeholder. */
export const config: TagConfig = __TANDEM_CONFIG__;

/** Lifetime in days of one Tandem cookie. */
export const lifeOf = (key: CookieLifetimeKey): number => config.life?.[key] ?? config.days;
