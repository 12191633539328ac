import { defineProject } from 'vitest/config';

export default defineProject({ test: { name: 'browser-tag', environment: 'happy-dom' } });
