export * from './apiDocs.js';
export * from './federationClient.js';
export * from './dateTime.js';
export * from './guid.js';
export * from './restRouter.js';
export * from './subgraphApollo.js';
export * from './requiresScopes.js';
