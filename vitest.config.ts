import { defineConfig } from 'vitest/config';

// One run covers every workspace. Integration tests share real servers, so files run one
// at a time per worker pool; each file uses its own database name.
export default defineConfig({
  test: {
    include: ['**/src/**/*.test.ts', 'e2e/src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '.stryker-tmp*/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
