import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Until vitest.e2e.config.ts lands: the Playwright suites, one file at a time, long timeouts. */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['test/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
