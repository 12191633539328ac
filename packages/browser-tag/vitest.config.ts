import { defineProject } from 'vitest/config';

// Unit tests run the debug build's code paths (DEBUG true); the production build drops them.
export default defineProject({
  define: { DEBUG: 'true' },
  test: { name: 'browser-tag', environment: 'happy-dom' },
});
