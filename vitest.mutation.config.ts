import { defineConfig } from 'vitest/config';

// The unit tests of the pure core that `npm run test:mutation` runs against each mutant: no
// servers, no I/O. Globs, so a new engine file or test is picked up without editing this list.
// Each mutant's run imports its test files afresh, so what they import is most of a run's time:
// the pure modules take the platform's and serving's pure parts by subpath (`@flow/platform/errors`,
// `/roles`, `/busRules`, `@flow/serving/guid`), never an index that loads every client library
// (broker, cache, store, telemetry: 1.4 s a test file, against 0.1-0.5 s now).
export default defineConfig({
  test: {
    include: [
      'orchestrator/src/engine/**/*.test.ts',
      'orchestrator/src/scheduler/cronSchedule.test.ts',
      'protocol/src/**/*.test.ts',
      'platform/src/bus/busRules.test.ts',
      'subgraphs/kit/src/{fields,integrity}.test.ts',
      'processors/sdk/src/limiter.test.ts',
      'serving/src/guid.test.ts',
    ],
    exclude: ['**/node_modules/**'],
    // Instrumented code on a busy machine: the 600-schema cache test alone can pass 5 s.
    testTimeout: 60_000,
  },
});
