export * from './executionStoreContract.js';
export * from './executionSearchContract.js';
