import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'collector',
    environment: 'node',
    // One throwaway PostgreSQL for the project's run; each test file makes its own database.
    globalSetup: ['./src/postgres/test-server.ts'],
  },
});
