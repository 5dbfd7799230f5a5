export * from './executionStoreContract.js';
