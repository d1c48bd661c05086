import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Test against the TypeScript sources of the workspace packages, not their build output.
    conditions: ['source'],
  },
  test: {
    include: ['packages/*/test/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'scripts/test/**/*.test.ts'],
    // Each test file runs in its own process: chDB allows one data directory per process.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: ['default', './scripts/count-reporter.ts'],
  },
});
