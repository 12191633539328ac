import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*', { test: { name: 'docs', include: ['docs/**/*.test.ts'] } }],
  },
});
