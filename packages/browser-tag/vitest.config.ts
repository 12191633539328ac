import { defineProject } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.js';

// Unit tests run the debug build's code paths (DEBUG true); the production build drops them.
export default defineProject({
  ...sourceConditions,
  define: { DEBUG: 'true' },
  test: { name: 'browser-tag', environment: 'happy-dom' },
});
