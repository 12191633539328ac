/**
 * Tests run the workspace packages' TypeScript sources: every package's `exports` lists a `source`
 * condition first (its `src/` entry), ahead of the built `dist/` files that plain Node loads.
 * Each project's vitest config spreads this in.
 */
const conditions = (platform: 'node' | 'browser') => ['source', 'module', platform, 'development|production'];

export const sourceConditions = {
  resolve: { conditions: conditions('browser') },
  ssr: { resolve: { conditions: conditions('node') } },
};
