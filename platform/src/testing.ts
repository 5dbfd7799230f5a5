// Contract suites for adapters of the platform's ports; they import vitest, so they live
// outside the main entry point.
export { describeBusContract, type BusContractHooks, type BusContractNames } from './bus/busContract.js';
export { describeDeadLetterContract } from './bus/deadLetterContract.js';
export * from './cache/cacheContract.js';
