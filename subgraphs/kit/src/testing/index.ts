export * from './repositoryContract.js';
