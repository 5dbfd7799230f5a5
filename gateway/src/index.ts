export * from './gatewayServer.js';
export * from './subgraphDataSource.js';
