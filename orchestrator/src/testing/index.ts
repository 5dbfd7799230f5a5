export * from './executionStoreContract.js';
export * from './executionSearchContract.js';
export * from './startKeysContract.js';
