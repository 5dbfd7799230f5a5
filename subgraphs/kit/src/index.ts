export * from './backend.js';
export * from './defineEntity.js';
export * from './domain.js';
export * from './entitySdl.js';
export * from './entityService.js';
export * from './federationClient.js';
export * from './fields.js';
export { relationsOf } from './relations.js';
export * from './graphRevision.js';
export * from './memoryRepository.js';
export * from './mongoRepository.js';
export * from './repository.js';
export { DateTime, type SubgraphContext } from './resolvers.js';
export * from './runSubgraph.js';
export * from './subgraphServer.js';
// The entity declarations take JSON Schema checks from the kit; the dialect lives in @flow/protocol.
export { compileDefinition, parseJsonField, validatePayload } from '@flow/protocol';
export * from './rest/index.js';
