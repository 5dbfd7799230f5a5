// Mutation testing of the pure core (`npm run test:mutation`): each mutant of these modules must
// fail one of the unit tests in vitest.mutation.config.ts. `.ci/mutationScores.mjs` then holds
// every module (the engine as a whole, the others file by file) to the same threshold.
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts' },
  mutate: [
    'orchestrator/src/engine/**/*.ts',
    'orchestrator/src/scheduler/cronSchedule.ts',
    'protocol/src/**/*.ts',
    'platform/src/bus/busRules.ts',
    'subgraphs/kit/src/{fields,integrity}.ts',
    'processors/sdk/src/limiter.ts',
    'serving/src/guid.ts',
    '!**/*.test.ts',
    '!**/testing/**',
  ],
  coverageAnalysis: 'perTest',
  // Low on a shared 2-core machine; `npx stryker run --concurrency 2` when the machine is yours.
  concurrency: 1,
  thresholds: { high: 98, low: 95, break: 95 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Not copied into the sandbox: another run's sandbox and the reports.
  ignorePatterns: ['/.stryker-tmp*', '/reports'],
  cleanTempDir: true,
};
