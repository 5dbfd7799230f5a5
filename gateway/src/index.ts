export * from './entities.js';
export * from './gatewayServer.js';
export * from './subgraphDataSource.js';
export * from './supergraphSdl.js';
