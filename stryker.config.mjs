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
  // Static mutants (code that runs only while a module is imported: module-level constants) are
  // left out. Each needs a fresh import of every test file that depends on its module, where any
  // other mutant reruns only the tests that cover it: they were about half the time of a whole
  // run for under a tenth of the mutants, and the run must fit CI on 2 cores. What this leaves
  // out is listed (`Ignored`, "Static mutant") in the report and counted per module by
  // mutationScores.mjs; 38 mutants at the last count: the engine's 17 (its three status sets and
  // PAYLOAD_TOO_LARGE in state.ts, and the `() => undefined` mutants of stepOf, stateOf and
  // pendingStep), the kit fields' 11 (commonFields, maxIdsOf's arrow), the bus rules' 2 (header
  // names) and the protocol's 8 (EVENTS_QUEUE, STATUS_EXCHANGE, SENDER_HEADER,
  // PROCESSOR_HEALTH_MAP, and the arrows of processorQueue, heartbeatKey, outcome, ajvOptions).
  // Measured with them, the engine, fields, GUID and bus-rule tests killed all 43 of theirs. A
  // rule worth checking is written inside a function instead (isGuid's pattern, Ajv's options,
  // the event shape).
  ignoreStatic: true,
  // Low on a shared 2-core machine; `npm run test:mutation -- --concurrency 2` (CI) when it is yours.
  concurrency: 1,
  thresholds: { high: 98, low: 95, break: 95 },
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  tempDirName: '.stryker-tmp',
  // Not copied into the sandbox: another run's sandbox, the reports, and the servers and tools
  // infra/*.sh installs (gigabytes, and a Python venv whose lib64 symlink Stryker cannot copy).
  ignorePatterns: ['/.stryker-tmp*', '/reports', '/.infra', '/console/dist', '/docs'],
  cleanTempDir: true,
};
