export * from './processorHarness.js';
export * from './temporaryProcessor.js';
export * from './behavingProcessor.js';
