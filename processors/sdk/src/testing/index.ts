export * from './temporaryProcessor.js';
export * from './behavingProcessor.js';
