import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.js';

export default defineProject({
  ...sourceConditions,
  test: {
    name: 'collector',
    environment: 'node',
    // One throwaway PostgreSQL for the project's run; each test file makes its own database.
    globalSetup: ['./src/postgres/server.test-helpers.ts'],
  },
});
