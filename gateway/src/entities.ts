export { entityDefinitions } from '@flow/entity-graph';
