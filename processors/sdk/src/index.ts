export {
  defineProcessor, isProcessorDefinition, processorLabel, type AnyProcessorDefinition, type ProcessorDeclaration, type ProcessorDefinition,
} from './defineProcessor.js';
export type { HandlerContext, JsonSchema, ProcessorEntity } from './handlerContext.js';
export { permanent, retryable, type ActivityErrorDetails, type FailureOptions } from './processorError.js';
export { startProcessor, type RunningProcessor, type StartProcessorOptions } from './startProcessor.js';
export { runProcessor, type RunProcessorOptions } from './runProcessor.js';
export { registerProcessor, type ProcessorRegistry, type RegisteredProcessor, type RegisteredSchema } from './registration.js';
export { createGraphqlRegistry, type GraphqlRegistryOptions } from './graphqlRegistry.js';
export { builtImplementationHash, hashImplementation, hashFileOf, HASH_FILE_NAME } from './implementationHash.js';
