export * from './repositoryContract.js';
export * from './graphRevisionContract.js';
