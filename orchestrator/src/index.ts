export * from './engine/index.js';
export * from './store/executionStore.js';
export * from './store/memoryExecutionStore.js';
export * from './store/mongoExecutionStore.js';
export * from './api/orchestratorServer.js';
export * from './service/flowReader.js';
export * from './service/orchestrator.js';
export * from './api/orchestrationRoutes.js';
